/**
 * The live inspectors' routes (docs/api.md, "Inspectors"): snapshots of a
 * session's processes, a process's memory map and the IPC graph; signals;
 * the syscall trace; and one Server-Sent Events stream of all of it.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { InspectorEvents } from '../../../../common/src/inspect-api.js';
import { AppError, badRequest } from '../../errors.js';
import type { Inspectors } from '../../inspect/inspectors.js';
import type { WatchRequest } from '../../inspect/session-inspector.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import { requireSession } from '../session-auth.js';
import { SseStream } from '../sse-stream.js';
import { parseOr400 } from '../validate.js';

/** Streams one session may hold open at once (a page needs one; a few tabs are fine). */
const MAX_STREAMS_PER_SESSION = 8;
const STREAM_VIEWS = ['processes', 'ipc', 'maps', 'syscalls'] as const;

const SignalBody = z.strictObject({
  signal: z.string().min(1).max(32),
  group: z.boolean().optional(),
});

const TraceBody = z.strictObject({
  target: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('shell') }),
    z.strictObject({ kind: z.literal('pid'), pid: z.number().int().min(1).max(4_194_304) }),
  ]),
});

export function inspectRoutes(sessions: SessionManager, inspectors: Inspectors): Router {
  const r = Router();
  const inspectorOf = (req: Request) => inspectors.for(requireSession(sessions, req));

  r.get('/api/sessions/:id/processes', async (req, res) => {
    res.json(await inspectorOf(req).processes());
  });

  r.get('/api/sessions/:id/processes/:pid/maps', async (req, res) => {
    const inspector = inspectorOf(req);
    res.json(await inspector.maps(pidParam(String(req.params.pid))));
  });

  r.post('/api/sessions/:id/processes/:pid/signal', async (req, res) => {
    const inspector = inspectorOf(req);
    const pid = pidParam(String(req.params.pid));
    const body = parseOr400(SignalBody, req.body, 'body (expected {"signal": "SIGTERM", "group"?: true})');
    await inspector.signal(pid, body.signal, body.group ?? false);
    res.status(204).end();
  });

  r.get('/api/sessions/:id/ipc', async (req, res) => {
    res.json(await inspectorOf(req).ipc());
  });

  r.get('/api/sessions/:id/trace', (req, res) => {
    res.json(inspectorOf(req).traceStatus());
  });

  r.post('/api/sessions/:id/trace', async (req, res) => {
    const inspector = inspectorOf(req);
    const body = parseOr400(TraceBody, req.body, 'body (expected {"target": {"kind": "shell"}} or {"target": {"kind": "pid", "pid": 12}})');
    res.json(await inspector.startTrace(body.target));
  });

  r.delete('/api/sessions/:id/trace', async (req, res) => {
    res.json(await inspectorOf(req).stopTrace());
  });

  r.get('/api/sessions/:id/inspect', (req, res) => {
    const session = requireSession(sessions, req);
    const inspector = inspectors.for(session);
    const request = watchRequest(req.query);
    if (inspector.watcherCount >= MAX_STREAMS_PER_SESSION) {
      throw new AppError(429, 'too_many_streams', `this session already has ${MAX_STREAMS_PER_SESSION} inspector streams open; close one (another tab?) and retry`);
    }
    const stream = new SseStream(req, res);
    const unwatch = inspector.watch(request, (event, data) => {
      stream.send(event, data, event === 'syscalls' ? mergeSyscalls : undefined);
    });
    const forget = session.onEnded(() => stream.close());
    stream.onClose(() => {
      unwatch();
      forget();
    });
  });

  return r;
}

/** A process id from the path: what the learner sees inside the sandbox. */
function pidParam(raw: string): number {
  if (!/^[1-9]\d{0,6}$/.test(raw) || Number(raw) > 4_194_304) {
    throw badRequest(`"${raw}" is not a process id: use a pid from GET /api/sessions/<id>/processes`);
  }
  return Number(raw);
}

function watchRequest(query: Request['query']): WatchRequest {
  const rawViews = typeof query.views === 'string' ? query.views : '';
  const views = rawViews.split(',').map((v) => v.trim()).filter(Boolean);
  const unknown = views.filter((v) => !(STREAM_VIEWS as readonly string[]).includes(v));
  if (views.length === 0 || unknown.length > 0) {
    throw badRequest(`${views.length === 0 ? 'no views asked for' : `unknown view "${unknown[0]}"`}: ask for ?views= with any of ${STREAM_VIEWS.join(', ')} (comma-separated)`);
  }
  let mapsPid: number | null = null;
  if (views.includes('maps')) {
    if (typeof query.pid !== 'string') throw badRequest('the maps view needs ?pid=<process id>');
    mapsPid = pidParam(query.pid);
  }
  return { processes: views.includes('processes'), ipc: views.includes('ipc'), mapsPid, syscalls: views.includes('syscalls') };
}

/** A slow client gets one batch of the newest calls and a count of the rest. */
function mergeSyscalls(waiting: unknown, next: unknown): InspectorEvents['syscalls'] {
  const a = waiting as InspectorEvents['syscalls'];
  const b = next as InspectorEvents['syscalls'];
  const events = [...a.events, ...b.events];
  const keep = events.slice(-500);
  return { events: keep, notices: [...a.notices, ...b.notices].slice(-100), dropped: a.dropped + b.dropped + (events.length - keep.length) };
}

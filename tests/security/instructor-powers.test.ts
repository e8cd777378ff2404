/**
 * SECURITY.md row 15, instructor powers: a learner's credential is refused
 * (403) on every instructor route, however it is sent, and a stranger gets
 * 401. The routes come from ALL_INSTRUCTOR_ROUTES, the table every area
 * mounts its instructor routes from, so a new route is covered the day it
 * is added. Nothing a refused learner tried may have happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopView } from '../../common/src/workshop-api.js';
import { ALL_INSTRUCTOR_ROUTES, type InstructorRouteSpec } from '../../server/src/workshops/instructor-routes.js';
import { startServer, type RunningServer } from '../support/server.js';
import { HandshakeRefused, TerminalClient } from '../support/terminal-client.js';
import { call, createWorkshop, join, startLab, TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';

let server: RunningServer;
let params: Record<string, string>;
let learner: string;
let sessionId: string;

beforeAll(async () => {
  server = await startServer({ env: { SYSLAB_INSTRUCTOR_KEY: TEST_INSTRUCTOR_KEY } });
  const w = await createWorkshop(server, ['hello']);
  const ana = await join(server, w.code, 'Ana');
  learner = ana.learner;
  sessionId = (await startLab(server, learner)).id;
  params = { workshopId: w.id, participantId: ana.participant.id, sessionId, recordingId: 'r-any' };
});
afterAll(async () => {
  await server?.stop();
});

/** The route's path with real ids of this server's workshop, participant and running session. */
function pathOf(route: InstructorRouteSpec): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? 'x'));
}

const http = ALL_INSTRUCTOR_ROUTES.filter((r) => r.method !== 'WS');
const sockets = ALL_INSTRUCTOR_ROUTES.filter((r) => r.method === 'WS');
const label = (r: InstructorRouteSpec) => `${r.method} ${r.path}`;

describe('SECURITY 15: instructor powers', () => {
  it('knows every instructor route, shadowing and broadcasting among them', () => {
    const names = ALL_INSTRUCTOR_ROUTES.map(label);
    expect(names).toContain('WS /api/workshops/:workshopId/sessions/:sessionId/terminal');
    expect(names).toContain('POST /api/workshops/:workshopId/broadcast');
    expect(names).toContain('POST /api/workshops/:workshopId/participants/:participantId/keyboard');
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(http.map((r) => [label(r), r] as const))('%s: a learner is refused with 403 however the credential is sent', async (_name, route) => {
    const ways: Array<{ headers: Record<string, string> }> = [
      { headers: { 'x-syslab-learner': learner } },
      { headers: { cookie: `syslab_learner=${learner}` } },
      { headers: { authorization: `Bearer ${learner}` } },
    ];
    for (const as of ways) {
      const res = await call<{ error: { code: string } }>(server, route.method, pathOf(route), as, route.method === 'GET' ? undefined : { title: 'x', labs: ['hello'], message: 'x' });
      expect({ route: label(route), via: Object.keys(as.headers)[0], status: res.status, code: res.body?.error?.code })
        .toEqual({ route: label(route), via: Object.keys(as.headers)[0], status: 403, code: 'forbidden' });
    }
  });

  it.each(http.map((r) => [label(r), r] as const))('%s: a stranger is refused with 401', async (_name, route) => {
    for (const headers of [{}, { authorization: 'Bearer not-the-instructor-key' }] as Record<string, string>[]) {
      const res = await call(server, route.method, pathOf(route), { headers }, route.method === 'GET' ? undefined : {});
      expect({ route: label(route), status: res.status }).toEqual({ route: label(route), status: 401 });
    }
  });

  it.each(sockets.map((r) => [label(r), r] as const))('%s: a learner cannot open it (403), a stranger neither (401)', async (_name, route) => {
    const refusal = (mode: string, headers: Record<string, string>, origin?: string) =>
      TerminalClient.connectPath(server.url, `${pathOf(route)}${mode}`, { headers, ...(origin ? { origin } : {}) })
        .then((c) => { c.close(); return 101; }, (e: unknown) => (e instanceof HandshakeRefused ? e.status : -1));
    for (const mode of ['', '?mode=control']) {
      expect(await refusal(mode, { cookie: `syslab_learner=${learner}` }, server.url)).toBe(403);
      expect(await refusal(mode, { 'x-syslab-learner': learner })).toBe(403);
      expect(await refusal(mode, { authorization: `Bearer ${learner}` })).toBe(403);
      expect(await refusal(mode, {})).toBe(401);
    }
  });

  it('left no trace of what the learner tried: the workshop is open, nothing broadcast or announced, the keyboard theirs', async () => {
    const v = (await call<WorkshopView>(server, 'GET', `/api/workshops/${params.workshopId}`, { key: TEST_INSTRUCTOR_KEY })).body;
    expect(v.workshop.closedAt).toBeNull();
    expect(v.broadcast).toBeNull();
    expect(v.announcements).toEqual([]);
    expect(v.participants).toMatchObject([{ name: 'Ana', sessionId, keyboard: 'learner' }]);
    const list = (await call<unknown[]>(server, 'GET', '/api/workshops', { key: TEST_INSTRUCTOR_KEY })).body;
    expect(list).toHaveLength(1);
    // And the learner's own routes still work for them.
    expect((await call(server, 'GET', '/api/participant', { learner })).status).toBe(200);
  });
});

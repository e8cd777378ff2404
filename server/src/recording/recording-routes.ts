/**
 * Recordings over HTTP (docs/api.md, "Recordings"): the instructor lists a
 * workshop's recordings, downloads or replays a cast, and turns recording
 * on or off; a learner's page asks whether its session is recorded, to say
 * so on screen.
 */
import { existsSync } from 'node:fs';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { castPath, type RecordingSummary, type SessionRecordingState, type WorkshopRecordingSetting } from '../../../common/src/results-api.js';
import { notFound } from '../errors.js';
import { requireSession } from '../http/session-auth.js';
import { parseOr400 } from '../http/validate.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { SessionManager } from '../sessions/session-manager.js';
import { instructorOf } from '../workshops/instructor-auth.js';
import { mountInstructorRoutes } from '../workshops/instructor-routes.js';
import type { WorkshopService } from '../workshops/workshop-service.js';
import { PARTICIPANT_ID_PATTERN, type WorkshopStore } from '../workshops/workshop-store.js';
import { ASCIICAST_MEDIA_TYPE } from './asciicast.js';
import type { Recorder } from './recorder.js';
import { RECORDING_INSTRUCTOR_ROUTES } from './recording-route-table.js';
import type { RecordingRow, RecordingStore } from './recording-store.js';
import { REPLAY_PAGE_PATH, replayPagePolicy } from './replay-page-policy.js';

/**
 * A public server recording every passer-by (RECORD_SOLO_SESSIONS) piles up
 * thousands; the list is for finding a recent one, not an archive.
 */
const SOLO_LIST_LIMIT = 500;

const RECORDING_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ListQuery = z.strictObject({
  participant: z.string().regex(PARTICIPANT_ID_PATTERN, { error: 'must be a participant id ("p…", from GET /api/workshops/<id>)' }).optional(),
});
const SettingBody = z.strictObject({ enabled: z.boolean() });
const CastQuery = z.strictObject({ download: z.enum(['1', 'true']).optional() });

export interface RecordingRoutesDeps {
  recorder: Recorder;
  recordings: RecordingStore;
  workshops: WorkshopStore;
  service: WorkshopService;
  sessions: SessionManager;
  catalog: LabCatalog;
  now?: () => Date;
}

export function recordingRoutes(deps: RecordingRoutesDeps, requireInstructor: RequestHandler): Router {
  const r = Router();
  const now = deps.now ?? (() => new Date());
  const workshopOf = (req: Request, res: Response) => deps.service.require(instructorOf(res), String(req.params.workshopId));

  /** The recording, if this instructor may see it: one of their workshops', or a solo learner's. */
  const recordingOf = (req: Request, res: Response): RecordingRow => {
    const id = String(req.params.recordingId);
    const row = RECORDING_ID_PATTERN.test(id) ? deps.recordings.get(id) : undefined;
    if (!row) throw notFound('recording_not_found', `no recording "${id}"; GET /api/workshops/<id>/recordings lists a workshop's`);
    if (row.workshopId !== null) deps.service.require(instructorOf(res), row.workshopId);
    return row;
  };

  const summary = (row: RecordingRow): RecordingSummary => {
    const participant = deps.workshops.participantByLearner(row.learnerId);
    const end = row.endedAt ? Date.parse(row.endedAt) : now().getTime();
    return {
      id: row.id,
      workshopId: row.workshopId,
      participant: participant ? { id: participant.id, name: participant.name } : null,
      lab: row.labId,
      labTitle: deps.catalog.get(row.labId)?.title ?? row.labId,
      sessionId: row.sessionId,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      durationSeconds: Math.max(0, Math.round((end - Date.parse(row.startedAt)) / 1000)),
      bytes: row.bytes,
      stopped: row.stopped,
      endReason: row.endReason,
      castPath: castPath(row.id),
    };
  };

  mountInstructorRoutes(r, requireInstructor, RECORDING_INSTRUCTOR_ROUTES, {
    listRecordings: (req, res) => {
      const workshop = workshopOf(req, res);
      const query = parseOr400(ListQuery, req.query, 'query (expected ?participant=<participant id>, or nothing)');
      let learnerId: string | undefined;
      if (query.participant !== undefined) {
        const p = deps.workshops.participant(query.participant);
        if (!p || p.workshopId !== workshop.id) throw notFound('participant_not_found', `no participant "${query.participant}" in this workshop`);
        learnerId = p.learnerId;
      }
      res.json(deps.recordings.forWorkshop(workshop.id, learnerId).map(summary));
    },

    recordingSetting: (req, res) => {
      const setting: WorkshopRecordingSetting = { enabled: deps.recordings.recordingEnabled(workshopOf(req, res).id) };
      res.json(setting);
    },

    // Off stops the recordings running now, too (their files say so at the
    // end); on applies to sessions started from now on, so no learner is
    // recorded in a session that started without the notice.
    setRecordingSetting: async (req, res) => {
      const workshop = workshopOf(req, res);
      const body = parseOr400(SettingBody, req.body, 'body (expected {"enabled": true|false})');
      deps.recordings.setRecordingEnabled(workshop.id, body.enabled);
      if (!body.enabled) {
        const running = deps.recordings.forWorkshop(workshop.id).filter((row) => row.endedAt === null);
        await Promise.all(running.map((row) => deps.recorder.stop(row.sessionId, 'the instructor turned recording off')));
      }
      const setting: WorkshopRecordingSetting = { enabled: body.enabled };
      res.json(setting);
    },

    soloRecordings: (_req, res) => {
      res.json(deps.recordings.soloRecordings(SOLO_LIST_LIMIT).map(summary));
    },

    recordingCast: (req, res) => {
      const row = recordingOf(req, res);
      const query = parseOr400(CastQuery, req.query, 'query (expected ?download=1, or nothing)');
      const file = deps.recorder.filePath(row);
      if (!existsSync(file)) throw notFound('recording_file_missing', `recording "${row.id}" is indexed but its file is gone from the data directory`);
      const name = `syslab-${row.labId}-${row.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.cast`;
      res.sendFile(file, {
        headers: {
          'Content-Type': `${ASCIICAST_MEDIA_TYPE}; charset=utf-8`,
          // It shows everything a learner did: never kept by a cache on the way.
          'Cache-Control': 'no-store',
          'Content-Disposition': `${query.download ? 'attachment' : 'inline'}; filename="${name}"`,
        },
        cacheControl: false,
        lastModified: false,
        etag: false,
      });
    },

    recording: (req, res) => {
      res.json(summary(recordingOf(req, res)));
    },
  });

  // The page itself (index.html, served by the fallback after this) with the player's policy.
  r.get(REPLAY_PAGE_PATH, replayPagePolicy());

  // The learner's own page: is this session recorded? (the notice in the lab view)
  r.get('/api/sessions/:id/recording', (req, res) => {
    const session = requireSession(deps.sessions, req);
    const state: SessionRecordingState = { recording: session.isRecorded };
    res.json(state);
  });

  return r;
}

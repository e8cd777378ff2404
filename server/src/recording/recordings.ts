/**
 * Builds recording for main.ts (the one composition root): the index store,
 * the recorder hooked onto every new session, recovery of what a dead
 * server left open, and the HTTP routes. `close()` goes in shutdown after
 * the sessions have ended and before the database closes.
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { LabEngine } from '../engine/lab-engine.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { Db } from '../store/database.js';
import type { Workshops } from '../workshops/workshops.js';
import { Recorder } from './recorder.js';
import { recordingPolicy } from './recording-policy.js';
import { recordingRoutes } from './recording-routes.js';
import { RecordingStore } from './recording-store.js';

export interface RecordingsDeps {
  db: Db;
  dataDir: string;
  sessions: SessionManager;
  catalog: LabCatalog;
  /** Steps passing become markers in the recording, so a replay can jump to them. */
  engine: Pick<LabEngine, 'onStepChecked'>;
  workshops: Pick<Workshops, 'store' | 'service' | 'requireInstructor'>;
  log: Logger;
  /** SYSLAB_RECORD_SOLO_SESSIONS. */
  recordSoloSessions: boolean;
}

export interface Recordings {
  store: RecordingStore;
  recorder: Recorder;
  routes: Router;
  /** Finishes every recording still open; the database must still be open. */
  close(): Promise<void>;
}

export function createRecordings(deps: RecordingsDeps): Recordings {
  const store = new RecordingStore(deps.db);
  const recorder = new Recorder({
    store,
    dataDir: deps.dataDir,
    log: deps.log,
    policy: recordingPolicy({
      workshops: deps.workshops.store, recordings: store, catalog: deps.catalog, recordSoloSessions: deps.recordSoloSessions,
    }),
  });
  // Before any session starts: no row is open unless a previous server died.
  recorder.recover();
  deps.sessions.onStarted((session) => recorder.sessionStarted(session));
  deps.engine.onStepChecked(({ session, index, passed }) => {
    if (!passed || !recorder.isRecording(session.id)) return;
    const title = deps.catalog.get(session.info.lab)?.steps[index - 1]?.title;
    recorder.marker(session.id, title ? `step ${index} passed: ${title}` : `step ${index} passed`);
  });
  const routes = recordingRoutes({
    recorder, recordings: store, workshops: deps.workshops.store, service: deps.workshops.service, sessions: deps.sessions, catalog: deps.catalog,
  }, deps.workshops.requireInstructor);
  return { store, recorder, routes, close: () => recorder.close() };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../sessions/session.js';
import { openDatabase, type Db } from '../store/database.js';
import { LearnerStore } from '../store/learner-store.js';
import { makeDataDir } from '../store/store-fixture.js';
import { InstructorStore } from '../workshops/instructor-store.js';
import { WorkshopStore } from '../workshops/workshop-store.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import { recordingPolicy } from './recording-policy.js';
import { RecordingStore } from './recording-store.js';

let cleanup: () => void;
let db: Db;
let learners: LearnerStore;
let workshops: WorkshopStore;
let recordings: RecordingStore;
let instructorId: string;
const catalog = { get: (id: string) => (id === 'hello' ? { title: 'Hello, shell' } : undefined), list: () => [] } as unknown as LabCatalog;

beforeEach(() => {
  let dataDir: string;
  ({ dataDir, cleanup } = makeDataDir());
  db = openDatabase(dataDir);
  learners = new LearnerStore(db);
  instructorId = new InstructorStore(db, learners).setUp('the-instructor-key').instructor.id;
  workshops = new WorkshopStore(db);
  recordings = new RecordingStore(db);
});
afterEach(() => {
  db.close();
  cleanup();
});

const info = (learnerId: string, lab = 'hello'): SessionInfo => ({ id: 's1', lab, learnerId, clientKey: 'k', tokenHash: 'h' });

function participant(name = 'Ana') {
  const w = workshops.create({ instructorId, title: 'Room 2', labs: ['hello'], maxParticipants: 5, maxSessions: 5, stuckMinutes: 5 });
  const learnerId = learners.create().learner.id;
  const joined = workshops.join(w.id, learnerId, name);
  if (!joined.ok) throw new Error('join failed');
  return { workshopId: w.id, learnerId };
}

describe('recordingPolicy', () => {
  it('records a workshop participant by default, titled who — lab — workshop', () => {
    const p = participant();
    const policy = recordingPolicy({ workshops, recordings, catalog, recordSoloSessions: false });
    expect(policy(info(p.learnerId))).toEqual({ workshopId: p.workshopId, title: 'Ana — Hello, shell — Room 2' });
  });

  it('not when the instructor turned it off, nor once the workshop is closed', () => {
    const policy = recordingPolicy({ workshops, recordings, catalog, recordSoloSessions: true });
    const off = participant('Bo');
    recordings.setRecordingEnabled(off.workshopId, false);
    expect(policy(info(off.learnerId))).toBeNull();
    const closed = participant('Cy');
    workshops.close(closed.workshopId);
    expect(policy(info(closed.learnerId))).toBeNull();
  });

  it('a solo learner only when the operator asked for it', () => {
    const solo = learners.create().learner.id;
    expect(recordingPolicy({ workshops, recordings, catalog, recordSoloSessions: false })(info(solo))).toBeNull();
    expect(recordingPolicy({ workshops, recordings, catalog, recordSoloSessions: true })(info(solo, 'gone')))
      .toEqual({ workshopId: null, title: 'gone — a solo learner' });
  });
});

import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.js';
import { LearnerStore } from './learner-store.js';
import { sweepUnusedLearners } from './learner-sweeper.js';
import { makeDataDir } from './store-fixture.js';

let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const made = makeDataDir();
  cleanup = made.cleanup;
  db = openDatabase(made.dataDir);
});
afterEach(() => {
  db.close();
  cleanup();
});

it('at start, forgets learners older than the retention with nothing stored, but not one whose session is running', () => {
  const store = new LearnerStore(db, () => new Date('2025-01-01T00:00:00.000Z'));
  const passerBy = store.create().learner.id;
  const working = store.create().learner.id;
  const sessions = { list: () => [{ info: { learnerId: working } }] } as never;
  const sweeper = sweepUnusedLearners({
    learners: store, sessions, retentionDays: 7, log: pino({ level: 'silent' }), now: () => Date.parse('2025-01-09T00:00:00.000Z'),
  });
  sweeper.stop();
  expect(store.findById(passerBy)).toBeUndefined();
  expect(store.findById(working)).toBeDefined();
});

it('keeps learners younger than the retention', () => {
  const store = new LearnerStore(db, () => new Date('2025-01-05T00:00:00.000Z'));
  const fresh = store.create().learner.id;
  sweepUnusedLearners({
    learners: store, sessions: { list: () => [] } as never, retentionDays: 7, log: pino({ level: 'silent' }), now: () => Date.parse('2025-01-09T00:00:00.000Z'),
  }).stop();
  expect(store.findById(fresh)).toBeDefined();
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.js';
import { LearnerStore } from './learner-store.js';
import { ProgressStore } from './progress-store.js';
import { makeDataDir } from './store-fixture.js';

let dataDir: string;
let cleanup: () => void;
let db: Db;
let learnerId: string;
let time: number;
/** Each call is one second later, so orders and "first time" are visible. */
const clock = () => new Date((time += 1000));

beforeEach(() => {
  ({ dataDir, cleanup } = makeDataDir());
  db = openDatabase(dataDir);
  time = Date.parse('2025-01-01T00:00:00.000Z');
  learnerId = new LearnerStore(db).create().learner.id;
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

function reopen(): ProgressStore {
  db.close();
  db = openDatabase(dataDir);
  return new ProgressStore(db, clock);
}

describe('ProgressStore steps', () => {
  it('marks a step passed once: passing again keeps the first time', () => {
    const store = new ProgressStore(db, clock);
    expect(store.markStepPassed(learnerId, 'hello', '01-make-a-file')).toBe(true);
    expect(store.markStepPassed(learnerId, 'hello', '01-make-a-file')).toBe(false);
    expect(store.passedSteps(learnerId, 'hello')).toEqual([{ step: '01-make-a-file', passedAt: '2025-01-01T00:00:01.000Z' }]);
  });

  it('lists passed steps in guide order, per learner and per lab', () => {
    const store = new ProgressStore(db, clock);
    const other = new LearnerStore(db).create().learner.id;
    store.markStepPassed(learnerId, 'hello', '02-background-job');
    store.markStepPassed(learnerId, 'hello', '01-make-a-file');
    store.markStepPassed(learnerId, 'pipes', '01-first');
    store.markStepPassed(other, 'hello', '03-stop-it');
    expect(store.passedSteps(learnerId, 'hello').map((p) => p.step)).toEqual(['01-make-a-file', '02-background-job']);
    expect(store.passedSteps(other, 'hello').map((p) => p.step)).toEqual(['03-stop-it']);
    expect(store.passedSteps(other, 'pipes')).toEqual([]);
  });

  it('keeps a passed step passed after the database is reopened', () => {
    new ProgressStore(db, clock).markStepPassed(learnerId, 'hello', '01-make-a-file');
    const store = reopen();
    expect(store.passedSteps(learnerId, 'hello')).toEqual([{ step: '01-make-a-file', passedAt: '2025-01-01T00:00:01.000Z' }]);
    expect(store.markStepPassed(learnerId, 'hello', '01-make-a-file')).toBe(false);
  });

  it('refuses progress for a learner that does not exist (foreign keys are on)', () => {
    expect(() => new ProgressStore(db).markStepPassed('nobody', 'hello', '01-make-a-file')).toThrow(/FOREIGN KEY/);
  });
});

describe('ProgressStore quiz attempts', () => {
  const results = [
    { question: 'ampersand', correct: true },
    { question: 'shell-pid', correct: false },
  ];

  it('records attempts with score, max, per-question results and time, and lists them oldest first', () => {
    const store = new ProgressStore(db, clock);
    const first = store.recordQuizAttempt({ learnerId, labId: 'hello', score: 1, max: 2, results });
    const second = store.recordQuizAttempt({ learnerId, labId: 'hello', score: 2, max: 2, results: results.map((r) => ({ ...r, correct: true })) });
    store.recordQuizAttempt({ learnerId, labId: 'pipes', score: 0, max: 3, results: [] });

    expect(first).toEqual({ id: expect.any(Number), learnerId, labId: 'hello', score: 1, max: 2, results, attemptedAt: '2025-01-01T00:00:01.000Z' });
    expect(store.quizAttempts(learnerId, 'hello')).toEqual([first, second]);
    expect(store.quizAttempts(learnerId, 'nothing')).toEqual([]);
  });

  it('keeps attempts after the database is reopened', () => {
    const recorded = new ProgressStore(db, clock).recordQuizAttempt({ learnerId, labId: 'hello', score: 1, max: 2, results });
    expect(reopen().quizAttempts(learnerId, 'hello')).toEqual([recorded]);
  });

  it('keeps what was answered to each question (null: left out), for the room\'s statistics', () => {
    const answered = [
      { question: 'ampersand', correct: false, given: 0 },
      { question: 'see-the-sleep', correct: true, given: [0, 1] },
      { question: 'print-a-file', correct: false, given: 'print' },
      { question: 'sleep-seconds', correct: false, given: null },
    ];
    const recorded = new ProgressStore(db, clock).recordQuizAttempt({ learnerId, labId: 'hello', score: 1, max: 4, results: answered });
    expect(reopen().quizAttempts(learnerId, 'hello')).toEqual([recorded]);
    expect(recorded.results).toEqual(answered);
  });

  it('refuses a score above the maximum', () => {
    expect(() => new ProgressStore(db).recordQuizAttempt({ learnerId, labId: 'hello', score: 3, max: 2, results })).toThrow(/CHECK/);
  });
});

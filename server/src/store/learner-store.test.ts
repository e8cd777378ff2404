import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.js';
import { LearnerStore } from './learner-store.js';
import { makeDataDir } from './store-fixture.js';
import { hashToken } from './token-hash.js';

let dataDir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  ({ dataDir, cleanup } = makeDataDir());
  db = openDatabase(dataDir);
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

const clock = () => new Date('2025-01-02T03:04:05.000Z');

describe('LearnerStore', () => {
  it('creates a learner and finds it by its token', () => {
    const store = new LearnerStore(db, clock);
    const { learner, token } = store.create();
    expect(learner.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(store.findByToken(token)).toEqual(learner);
    expect(store.findById(learner.id)).toEqual(learner);
  });

  it('gives every learner a different id and token', () => {
    const store = new LearnerStore(db);
    const a = store.create();
    const b = store.create();
    expect(a.learner.id).not.toBe(b.learner.id);
    expect(a.token).not.toBe(b.token);
    expect(store.findByToken(b.token)?.id).toBe(b.learner.id);
  });

  it('finds no one for a wrong or empty token', () => {
    const store = new LearnerStore(db);
    const { token } = store.create();
    expect(store.findByToken(`${token}x`)).toBeUndefined();
    expect(store.findByToken('')).toBeUndefined();
    expect(store.findById('nobody')).toBeUndefined();
  });

  it('stores only the SHA-256 of the token, never the token', () => {
    const { token } = new LearnerStore(db).create();
    const rows = db.prepare('SELECT * FROM learners').all();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows).toEqual([expect.objectContaining({ token_hash: hashToken(token) })]);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('still finds the learner after the database is reopened', () => {
    const { learner, token } = new LearnerStore(db).create();
    db.close();
    db = openDatabase(dataDir);
    expect(new LearnerStore(db).findByToken(token)).toEqual(learner);
  });

  it('forgets old learners with nothing stored and no running session, and keeps every other', () => {
    let now = new Date('2025-01-01T00:00:00.000Z');
    const store = new LearnerStore(db, () => now);
    const make = () => store.create().learner.id;
    const [idle, busy, passed, quizzed, participant, instructor, recorded] = [make(), make(), make(), make(), make(), make(), make()];
    now = new Date('2025-01-20T00:00:00.000Z');
    const recent = make();
    const at = '2025-01-01T01:00:00.000Z';
    db.prepare('INSERT INTO step_passes (learner_id, lab_id, step, passed_at) VALUES (?, ?, ?, ?)').run(passed, 'hello', '01', at);
    db.prepare('INSERT INTO quiz_attempts (learner_id, lab_id, score, max, results, attempted_at) VALUES (?, ?, 0, 1, ?, ?)').run(quizzed, 'hello', '[]', at);
    db.prepare('INSERT INTO instructors (id, key_hash, learner_id, created_at) VALUES (?, ?, ?, ?)').run('default', 'h', instructor, at);
    db.prepare(`INSERT INTO workshops (id, instructor_id, title, labs, code, max_participants, max_sessions, stuck_minutes, created_at)
      VALUES ('w1', 'default', 'T', '["hello"]', 'ABCDEF', 10, 10, 5, ?)`).run(at);
    db.prepare('INSERT INTO workshop_participants (id, workshop_id, learner_id, name, joined_at) VALUES (?, ?, ?, ?, ?)').run('p1', 'w1', participant, 'Ada', at);
    db.prepare(`INSERT INTO recordings (id, session_id, learner_id, workshop_id, lab_id, file, started_at, bytes)
      VALUES ('r1', 's1', ?, NULL, 'hello', 'r1.cast', ?, 0)`).run(recorded, at);

    expect(store.forgetUnused(new Date('2025-01-10T00:00:00.000Z'), new Set([busy]))).toBe(1);
    expect(store.findById(idle)).toBeUndefined();
    for (const kept of [busy, passed, quizzed, participant, instructor, recorded, recent]) expect(store.findById(kept)).toBeDefined();
    expect(store.forgetUnused(new Date('2025-01-10T00:00:00.000Z'), new Set())).toBe(1);
    expect(store.findById(busy)).toBeUndefined();
  });
});

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
});

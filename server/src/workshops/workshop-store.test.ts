import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { LearnerStore } from '../store/learner-store.js';
import { makeDataDir } from '../store/store-fixture.js';
import { hashToken } from '../store/token-hash.js';
import { InstructorStore } from './instructor-store.js';
import { normalizeJoinCode } from './join-code.js';
import { WORKSHOP_ID_PATTERN, WorkshopStore, type NewWorkshop } from './workshop-store.js';

let dataDir: string;
let cleanup: () => void;
let db: Db;
let learners: LearnerStore;
let instructorId: string;
beforeEach(() => {
  ({ dataDir, cleanup } = makeDataDir());
  db = openDatabase(dataDir);
  learners = new LearnerStore(db);
  instructorId = new InstructorStore(db, learners).setUp('the-key').instructor.id;
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

const settings = { maxParticipants: 3, maxSessions: 10, stuckMinutes: 5 };
const newWorkshop = (over: Partial<NewWorkshop> = {}): NewWorkshop => ({ instructorId, title: 'Shell basics', labs: ['hello', 'ipc'], ...settings, ...over });

describe('WorkshopStore', () => {
  it('creates a workshop with an id and a join code, and finds it by either', () => {
    const store = new WorkshopStore(db);
    const w = store.create(newWorkshop());
    expect(w.id).toMatch(WORKSHOP_ID_PATTERN);
    expect(normalizeJoinCode(w.code)).toBe(w.code);
    expect(store.get(w.id)).toEqual(w);
    expect(store.findByCode(w.code)).toEqual(w);
    expect(store.listForInstructor(instructorId)).toEqual([w]);
    expect(store.listOpen()).toEqual([w]);
  });

  it('joins learners, numbering a repeated name whatever its case, up to the limit', () => {
    const store = new WorkshopStore(db);
    const w = store.create(newWorkshop());
    const names = ['Ana', 'ana', 'Bob'].map((n) => {
      const outcome = store.join(w.id, learners.create().learner.id, n);
      return outcome.ok ? outcome.participant.name : outcome.reason;
    });
    expect(names).toEqual(['Ana', 'ana (2)', 'Bob']);
    expect(store.join(w.id, learners.create().learner.id, 'Cy')).toEqual({ ok: false, reason: 'full' });
    expect(store.participants(w.id).map((p) => p.name)).toEqual(['Ana', 'ana (2)', 'Bob']);
  });

  it('closes once; a closed workshop takes no one and keeps its roster, sessions and announcements', () => {
    const store = new WorkshopStore(db);
    const w = store.create(newWorkshop());
    const joined = store.join(w.id, learners.create().learner.id, 'Ana');
    if (!joined.ok) throw new Error('join failed');
    store.recordSession(joined.participant.id, 's1', 'hello');
    store.announce(w.id, 'Break until 11');
    expect(store.close(w.id)).toBe(true);
    expect(store.close(w.id)).toBe(false);
    expect(store.get(w.id)?.closedAt).toEqual(expect.any(String));
    expect(store.listOpen()).toEqual([]);
    expect(store.join(w.id, learners.create().learner.id, 'Late')).toEqual({ ok: false, reason: 'closed' });
    expect(store.participants(w.id)).toHaveLength(1);
    expect(store.sessions(w.id)).toMatchObject([{ sessionId: 's1', labId: 'hello' }]);
    expect(store.announcements(w.id)).toMatchObject([{ message: 'Break until 11' }]);
  });

  it('records sessions and ends them, one by one or all at start-up', () => {
    const store = new WorkshopStore(db);
    const w = store.create(newWorkshop());
    const joined = store.join(w.id, learners.create().learner.id, 'Ana');
    if (!joined.ok) throw new Error('join failed');
    store.recordSession(joined.participant.id, 's1', 'hello');
    store.recordSession(joined.participant.id, 's2', 'ipc');
    store.endSession('s1');
    expect(store.session('s1')?.endedAt).toEqual(expect.any(String));
    expect(store.session('s2')?.endedAt).toBeNull();
    store.endAllSessions();
    expect(store.session('s2')?.endedAt).toEqual(expect.any(String));
  });

  it('keeps everything across a reopen of the database', () => {
    const w = new WorkshopStore(db).create(newWorkshop());
    const learner = learners.create().learner.id;
    new WorkshopStore(db).join(w.id, learner, 'Ana');
    db.close();
    db = openDatabase(dataDir);
    const store = new WorkshopStore(db);
    expect(store.get(w.id)).toEqual(w);
    expect(store.participantByLearner(learner)).toMatchObject({ name: 'Ana', workshopId: w.id });
  });
});

describe('InstructorStore', () => {
  it('generates a key on the first start only, and stores only its hash', () => {
    const { dataDir: dir, cleanup: done } = makeDataDir();
    const fresh = openDatabase(dir);
    try {
      const l = new LearnerStore(fresh);
      const first = new InstructorStore(fresh, l).setUp(null);
      expect(first.generatedKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new InstructorStore(fresh, l).setUp(null).generatedKey).toBeNull();
      expect(new InstructorStore(fresh, l).findByKey(first.generatedKey!)).toEqual(first.instructor);
      const rows = JSON.stringify(fresh.prepare('SELECT * FROM instructors').all());
      expect(rows).not.toContain(first.generatedKey!);
      expect(rows).toContain(hashToken(first.generatedKey!));
    } finally {
      fresh.close();
      done();
    }
  });

  it('signs a browser in with a token of its own, until it expires, signs out, or the key changes', () => {
    let now = new Date('2026-01-01T10:00:00.000Z');
    const store = new InstructorStore(db, learners, () => now);
    const token = store.signIn(instructorId, 60_000);
    expect(token).not.toContain('the-key');
    expect(store.findBySignIn(token)?.id).toBe(instructorId);
    expect(store.findByKey(token)).toBeUndefined();
    expect(JSON.stringify(db.prepare('SELECT * FROM instructor_sign_ins').all())).not.toContain(token);
    now = new Date('2026-01-01T10:01:00.000Z');
    expect(store.findBySignIn(token)).toBeUndefined();
    const second = store.signIn(instructorId, 60_000);
    store.signOut(second);
    expect(store.findBySignIn(second)).toBeUndefined();
    const third = store.signIn(instructorId, 60_000);
    store.setUp('another-key-entirely');
    expect(store.findBySignIn(third)).toBeUndefined();
  });

  it('lets a configured key replace the stored one (rotation)', () => {
    const store = new InstructorStore(db, learners);
    expect(store.findByKey('the-key')?.id).toBe(instructorId);
    expect(store.setUp('a-new-key')).toMatchObject({ rotated: true, generatedKey: null });
    expect(store.findByKey('the-key')).toBeUndefined();
    expect(store.findByKey('a-new-key')?.id).toBe(instructorId);
    expect(store.setUp('a-new-key').rotated).toBe(false);
  });
});

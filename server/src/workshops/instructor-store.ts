/**
 * The instructor and their key. The key is a bearer secret like a learner's
 * token (store/token-hash.ts): only its SHA-256 is stored. Today there is one
 * instructor, "default"; the table has room for more.
 */
import type { Db } from '../store/database.js';
import type { LearnerStore } from '../store/learner-store.js';
import { hashToken, newToken } from '../store/token-hash.js';

export const DEFAULT_INSTRUCTOR_ID = 'default';

export interface Instructor {
  id: string;
  /** The learner the instructor's own sandboxes run as (the broadcast terminal). */
  learnerId: string;
  createdAt: string;
}

export interface InstructorSetup {
  instructor: Instructor;
  /**
   * Set only when this start generated the key (none configured, none
   * stored): print it once, it cannot be shown again.
   */
  generatedKey: string | null;
  /** True when a configured key replaced a different stored one. */
  rotated: boolean;
}

interface InstructorRow { id: string; key_hash: string; learner_id: string; created_at: string }

export class InstructorStore {
  private readonly q;

  constructor(private readonly db: Db, private readonly learners: LearnerStore, private readonly now: () => Date = () => new Date()) {
    this.q = {
      byId: db.prepare<[string], InstructorRow>('SELECT * FROM instructors WHERE id = ?'),
      byKeyHash: db.prepare<[string], InstructorRow>('SELECT * FROM instructors WHERE key_hash = ?'),
      insert: db.prepare('INSERT INTO instructors (id, key_hash, learner_id, created_at) VALUES (?, ?, ?, ?)'),
      setKey: db.prepare('UPDATE instructors SET key_hash = ? WHERE id = ?'),
      insertSignIn: db.prepare('INSERT INTO instructor_sign_ins (token_hash, instructor_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      bySignIn: db.prepare<[string, string], InstructorRow>(`SELECT i.* FROM instructor_sign_ins s JOIN instructors i ON i.id = s.instructor_id
        WHERE s.token_hash = ? AND s.expires_at > ?`),
      deleteSignIn: db.prepare('DELETE FROM instructor_sign_ins WHERE token_hash = ?'),
      deleteSignInsOf: db.prepare('DELETE FROM instructor_sign_ins WHERE instructor_id = ?'),
      deleteExpired: db.prepare('DELETE FROM instructor_sign_ins WHERE expires_at <= ?'),
    };
  }

  /**
   * At start-up. A configured key always wins (and replaces a stored one, so
   * changing SYSLAB_INSTRUCTOR_KEY and restarting rotates it); without one,
   * the stored key stays, or a new one is generated on the very first start.
   */
  setUp(configuredKey: string | null): InstructorSetup {
    return this.db.transaction((): InstructorSetup => {
      const existing = this.q.byId.get(DEFAULT_INSTRUCTOR_ID);
      if (existing) {
        const rotated = configuredKey !== null && hashToken(configuredKey) !== existing.key_hash;
        if (rotated) {
          this.q.setKey.run(hashToken(configuredKey), existing.id);
          // Browsers signed in with the old key are signed out.
          this.q.deleteSignInsOf.run(existing.id);
        }
        return { instructor: toInstructor(existing), generatedKey: null, rotated };
      }
      const generatedKey = configuredKey === null ? newToken() : null;
      const key = configuredKey ?? generatedKey!;
      const { learner } = this.learners.create();
      const row: InstructorRow = { id: DEFAULT_INSTRUCTOR_ID, key_hash: hashToken(key), learner_id: learner.id, created_at: this.now().toISOString() };
      this.q.insert.run(row.id, row.key_hash, row.learner_id, row.created_at);
      return { instructor: toInstructor(row), generatedKey, rotated: false };
    }).immediate();
  }

  /** The instructor holding this key, or undefined. */
  findByKey(key: string): Instructor | undefined {
    const row = this.q.byKeyHash.get(hashToken(key));
    return row && toInstructor(row);
  }

  /** A browser's sign-in: a new token (only its hash kept) that stands for the key until it expires or is signed out. */
  signIn(instructorId: string, ttlMs: number): string {
    const now = this.now();
    this.q.deleteExpired.run(now.toISOString());
    const token = newToken();
    this.q.insertSignIn.run(hashToken(token), instructorId, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
    return token;
  }

  /** The instructor a live sign-in token belongs to, or undefined (unknown, expired, signed out). */
  findBySignIn(token: string): Instructor | undefined {
    const row = this.q.bySignIn.get(hashToken(token), this.now().toISOString());
    return row && toInstructor(row);
  }

  signOut(token: string): void {
    this.q.deleteSignIn.run(hashToken(token));
  }
}

function toInstructor(r: InstructorRow): Instructor {
  return { id: r.id, learnerId: r.learner_id, createdAt: r.created_at };
}

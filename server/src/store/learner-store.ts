/**
 * Learners: anonymous, identified by a random id, proven by a bearer token of
 * which only the hash is kept.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';
import { hashToken, newToken } from './token-hash.js';

export interface Learner {
  id: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface NewLearner {
  learner: Learner;
  /** Give this to the learner now: only its hash is stored, it cannot be shown again. */
  token: string;
}

interface LearnerRow {
  id: string;
  created_at: string;
}

export class LearnerStore {
  private readonly insert;
  private readonly byTokenHash;
  private readonly byId;
  private readonly unusedBefore;
  private readonly deleteById;
  private readonly deleteMany;

  constructor(db: Db, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare('INSERT INTO learners (id, token_hash, created_at) VALUES (?, ?, ?)');
    this.byTokenHash = db.prepare<[string], LearnerRow>('SELECT id, created_at FROM learners WHERE token_hash = ?');
    this.byId = db.prepare<[string], LearnerRow>('SELECT id, created_at FROM learners WHERE id = ?');
    // Everything that gives a learner something to come back to. A table
    // added later that references learners belongs here too.
    this.unusedBefore = db.prepare<[string], { id: string }>(`
      SELECT id FROM learners l WHERE created_at < ?
        AND NOT EXISTS (SELECT 1 FROM step_passes WHERE learner_id = l.id)
        AND NOT EXISTS (SELECT 1 FROM quiz_attempts WHERE learner_id = l.id)
        AND NOT EXISTS (SELECT 1 FROM workshop_participants WHERE learner_id = l.id)
        AND NOT EXISTS (SELECT 1 FROM instructors WHERE learner_id = l.id)
        AND NOT EXISTS (SELECT 1 FROM recordings WHERE learner_id = l.id)`);
    this.deleteById = db.prepare<[string]>('DELETE FROM learners WHERE id = ?');
    this.deleteMany = db.transaction((ids: string[]) => {
      for (const id of ids) this.deleteById.run(id);
    });
  }

  create(): NewLearner {
    const token = newToken();
    const learner: Learner = { id: randomUUID(), createdAt: this.now().toISOString() };
    this.insert.run(learner.id, hashToken(token), learner.createdAt);
    return { learner, token };
  }

  /** The learner holding this token, or undefined for a wrong or unknown one. */
  findByToken(token: string): Learner | undefined {
    return toLearner(this.byTokenHash.get(hashToken(token)));
  }

  findById(id: string): Learner | undefined {
    return toLearner(this.byId.get(id));
  }

  /**
   * Forgets learners made before `before` who have nothing stored (no step
   * passed, no quiz tried, not in a workshop, not an instructor, no
   * recording) and no running session (`busy`). Every cookie-less visit makes
   * a learner, so without this the table grows with every passer-by. Their
   * cookie then simply makes a new learner. Returns how many were forgotten.
   */
  forgetUnused(before: Date, busy: ReadonlySet<string>): number {
    const ids = this.unusedBefore.all(before.toISOString()).map((r) => r.id).filter((id) => !busy.has(id));
    this.deleteMany(ids);
    return ids.length;
  }
}

function toLearner(row: LearnerRow | undefined): Learner | undefined {
  return row && { id: row.id, createdAt: row.created_at };
}

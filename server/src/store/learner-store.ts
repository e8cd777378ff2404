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

  constructor(db: Db, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare('INSERT INTO learners (id, token_hash, created_at) VALUES (?, ?, ?)');
    this.byTokenHash = db.prepare<[string], LearnerRow>('SELECT id, created_at FROM learners WHERE token_hash = ?');
    this.byId = db.prepare<[string], LearnerRow>('SELECT id, created_at FROM learners WHERE id = ?');
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
}

function toLearner(row: LearnerRow | undefined): Learner | undefined {
  return row && { id: row.id, createdAt: row.created_at };
}

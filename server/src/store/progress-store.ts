/**
 * A learner's progress through labs: the steps they have passed and their quiz
 * attempts. Steps are keyed by their folder name from lab.yaml
 * ("01-make-a-file"), which stays meaningful in the database when a lab is
 * edited and reads clearly in a `sqlite3` shell.
 */
import { z } from 'zod';
import type { Db } from './database.js';

export interface PassedStep {
  step: string;
  /** When it first passed; ISO 8601, UTC. */
  passedAt: string;
}

/**
 * `given` is what the learner answered (null: left out), kept for the room's
 * statistics (the most common wrong answer); attempts stored before it was
 * kept have none.
 */
const QuestionResultSchema = z.object({
  question: z.string(),
  correct: z.boolean(),
  given: z.union([z.number(), z.array(z.number()), z.string()]).nullable().optional(),
});
export type QuestionResult = z.infer<typeof QuestionResultSchema>;
const ResultsSchema = z.array(QuestionResultSchema);

export interface NewQuizAttempt {
  learnerId: string;
  labId: string;
  score: number;
  max: number;
  /** One per question, in quiz order. */
  results: QuestionResult[];
}

export interface QuizAttempt extends NewQuizAttempt {
  id: number;
  /** ISO 8601, UTC. */
  attemptedAt: string;
}

interface AttemptRow {
  id: number;
  learner_id: string;
  lab_id: string;
  score: number;
  max: number;
  results: string;
  attempted_at: string;
}

export class ProgressStore {
  private readonly insertPass;
  private readonly selectPasses;
  private readonly insertAttempt;
  private readonly selectAttempts;

  constructor(db: Db, private readonly now: () => Date = () => new Date()) {
    // OR IGNORE: passing again keeps the first pass and its time.
    this.insertPass = db.prepare('INSERT OR IGNORE INTO step_passes (learner_id, lab_id, step, passed_at) VALUES (?, ?, ?, ?)');
    this.selectPasses = db.prepare<[string, string], { step: string; passed_at: string }>(
      'SELECT step, passed_at FROM step_passes WHERE learner_id = ? AND lab_id = ? ORDER BY step',
    );
    this.insertAttempt = db.prepare<[string, string, number, number, string, string]>(
      'INSERT INTO quiz_attempts (learner_id, lab_id, score, max, results, attempted_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectAttempts = db.prepare<[string, string], AttemptRow>(
      'SELECT * FROM quiz_attempts WHERE learner_id = ? AND lab_id = ? ORDER BY id',
    );
  }

  /** Idempotent. Returns true the first time this step passes for this learner. */
  markStepPassed(learnerId: string, labId: string, step: string): boolean {
    return this.insertPass.run(learnerId, labId, step, this.now().toISOString()).changes === 1;
  }

  /** Ordered by step folder name, which is guide order. */
  passedSteps(learnerId: string, labId: string): PassedStep[] {
    return this.selectPasses.all(learnerId, labId).map((r) => ({ step: r.step, passedAt: r.passed_at }));
  }

  recordQuizAttempt(attempt: NewQuizAttempt): QuizAttempt {
    const attemptedAt = this.now().toISOString();
    const { lastInsertRowid } = this.insertAttempt.run(
      attempt.learnerId,
      attempt.labId,
      attempt.score,
      attempt.max,
      JSON.stringify(attempt.results),
      attemptedAt,
    );
    return { ...attempt, results: [...attempt.results], id: Number(lastInsertRowid), attemptedAt };
  }

  /** Oldest first. */
  quizAttempts(learnerId: string, labId: string): QuizAttempt[] {
    return this.selectAttempts.all(learnerId, labId).map((r) => ({
      id: r.id,
      learnerId: r.learner_id,
      labId: r.lab_id,
      score: r.score,
      max: r.max,
      results: ResultsSchema.parse(JSON.parse(r.results)),
      attemptedAt: r.attempted_at,
    }));
  }
}

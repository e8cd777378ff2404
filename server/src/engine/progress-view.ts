/**
 * A learner's stored progress, as the guide shows it. The store keys steps by
 * folder name; the API speaks in step indices of the lab as it is now, so a
 * step removed from a lab since is simply not shown. Pure: no I/O.
 */
import type { LabProgress, QuizAttemptSummary } from '../../../common/src/guide-api.js';
import type { Lab } from '../labs/lab.js';
import type { PassedStep, QuizAttempt } from '../store/progress-store.js';

export function progressView(lab: Lab, passed: readonly PassedStep[], attempts: readonly QuizAttempt[]): LabProgress {
  const done = new Set(passed.map((p) => p.step));
  const passedIndices = lab.steps.filter((s) => done.has(s.dir)).map((s) => s.index);
  const current = lab.steps.find((s) => !done.has(s.dir))?.index ?? null;
  const summaries = attempts.map(attemptSummary);
  return {
    lab: lab.id,
    steps: lab.steps.length,
    passed: passedIndices,
    current,
    quiz: { attempts: summaries, best: bestAttempt(summaries) },
  };
}

export function attemptSummary(attempt: QuizAttempt, i: number): QuizAttemptSummary {
  return {
    attempt: i + 1,
    score: attempt.score,
    max: attempt.max,
    attemptedAt: attempt.attemptedAt,
    results: attempt.results.map((r) => ({ id: r.question, correct: r.correct })),
  };
}

/**
 * Highest share of the maximum (a quiz may gain questions between attempts),
 * the earliest among equals.
 */
function bestAttempt(attempts: readonly QuizAttemptSummary[]): QuizAttemptSummary | null {
  let best: QuizAttemptSummary | null = null;
  for (const a of attempts) {
    if (!best || a.score * best.max > best.score * a.max) best = a;
  }
  return best;
}

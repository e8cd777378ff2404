/**
 * Shapes of the guide's API (docs/api.md, "Guide"): opening and checking
 * steps, a learner's progress, and quiz submissions with their results.
 * Shared by server and browser; neither Node nor the DOM is in scope here.
 */

/** `POST /api/sessions/<id>/steps/<index>/check`. */
export interface StepCheck {
  passed: boolean;
  /** What to do next (the first line verify.sh printed), or null when it passed or printed nothing. */
  hint: string | null;
}

/**
 * What opening a step did about its setup.sh:
 * - `none`: the step has no setup.sh;
 * - `ran`: setup.sh ran now and succeeded;
 * - `already`: it already ran in this session (opening is idempotent);
 * - `skipped`: the learner has passed this step, so it needs no setup;
 * - `failed`: setup.sh failed or took too long; the next open tries again.
 */
export const SETUP_OUTCOMES = ['none', 'ran', 'already', 'skipped', 'failed'] as const;
export type SetupOutcome = (typeof SETUP_OUTCOMES)[number];

/** `POST /api/sessions/<id>/steps/<index>/open`. */
export interface StepOpened {
  index: number;
  /** Whether this learner has already passed the step. */
  passed: boolean;
  setup: SetupOutcome;
}

/** One submitted quiz, as progress remembers it. */
export interface QuizAttemptSummary {
  /** 1 for the learner's first attempt at this lab's quiz. */
  attempt: number;
  score: number;
  max: number;
  /** ISO 8601, UTC. */
  attemptedAt: string;
  /** Which questions were right, in quiz order. */
  results: Array<{ id: string; correct: boolean }>;
}

/** `GET /api/sessions/<id>/progress`: where this session's learner is in its lab. */
export interface LabProgress {
  lab: string;
  /** Number of steps in the lab. */
  steps: number;
  /** Indices (from 1) of the steps this learner has passed, ascending. */
  passed: number[];
  /** The first step not passed yet, or null when every step has passed (time for the quiz). */
  current: number | null;
  quiz: {
    /** Oldest first. */
    attempts: QuizAttemptSummary[];
    /** The highest-scoring attempt (the earliest among equals), or null before the first. */
    best: QuizAttemptSummary | null;
  };
}

/**
 * An answer, by question type: `single` the index of a choice (from 0);
 * `multiple` a list of distinct indices (may be empty); `numeric` a number;
 * `text` a string; `live` a string or a number.
 */
export type QuizAnswer = number | number[] | string;

/** `POST /api/sessions/<id>/quiz` body. Questions left out count as unanswered (wrong). */
export interface QuizSubmission {
  answers: Record<string, QuizAnswer>;
}

export interface QuestionResult {
  id: string;
  correct: boolean;
  /** What the learner sent, or null when they left it out. */
  given: QuizAnswer | null;
  /**
   * The right answer: `single` a choice index; `multiple` the sorted indices;
   * `numeric` the number; `text` an example of a right answer; `live` what the
   * learner's sandbox said when they submitted, or null when it said nothing.
   */
  expected: QuizAnswer | null;
  /** Markdown: why. */
  explanation: string;
}

/** `POST /api/sessions/<id>/quiz` response. */
export interface QuizGraded {
  score: number;
  max: number;
  /** This learner's attempt number at this lab's quiz, from 1. */
  attempt: number;
  /** One per question, in quiz order. */
  results: QuestionResult[];
}

/**
 * Per-question statistics of a room's quiz answers: for each question, how
 * many submitted, answered, got it right, and the wrong answer given most.
 * Counted over each participant's first attempt (common/src/results-api.ts
 * says why). Pure: the caller reads the attempts from the store.
 */
import type { QuizAnswer } from '../../../common/src/guide-api.js';
import { ROOM_MISSED_BELOW, type LabQuizStats, type QuestionStats } from '../../../common/src/results-api.js';
import type { Question } from '../labs/lab-schema.js';

/** Longest a typed wrong answer is shown; the rest is cut with an ellipsis. */
const MAX_ANSWER_CHARS = 80;

export interface LabQuiz {
  id: string;
  title: string;
  quiz: readonly Question[];
}

/** An attempt as the progress store keeps it; `given` is absent in attempts stored before it was recorded. */
export interface StoredAttempt {
  score: number;
  max: number;
  results: ReadonlyArray<{ question: string; correct: boolean; given?: QuizAnswer | null }>;
}

/**
 * @param attemptsByParticipant each participant's attempts at this lab's quiz, oldest first (empty: never submitted)
 */
export function labQuizStats(lab: LabQuiz, attemptsByParticipant: ReadonlyArray<readonly StoredAttempt[]>): LabQuizStats {
  const firsts = attemptsByParticipant.map((attempts) => attempts[0]).filter((a): a is StoredAttempt => a !== undefined);
  const questions = lab.quiz.map((q) => questionStats(q, firsts));
  return {
    lab: lab.id,
    title: lab.title,
    participants: attemptsByParticipant.length,
    submitted: firsts.length,
    max: lab.quiz.length,
    meanScore: firsts.length === 0 ? null : round2(firsts.reduce((sum, a) => sum + a.score, 0) / firsts.length),
    questions,
  };
}

function questionStats(question: Question, firsts: readonly StoredAttempt[]): QuestionStats {
  let submitted = 0;
  let answered = 0;
  let right = 0;
  const wrong = new Map<string, number>();
  for (const attempt of firsts) {
    // An attempt made before this question was added to the quiz says nothing about it.
    const result = attempt.results.find((r) => r.question === question.id);
    if (!result) continue;
    submitted++;
    const given = result.given;
    if (given !== null && (given !== undefined || result.correct)) answered++;
    if (result.correct) {
      right++;
    } else if (given !== null && given !== undefined && question.type !== 'live') {
      // A live question's right answer is read from each learner's own
      // sandbox (their shell's PID…), so one learner's wrong answer is another's
      // right one: counting them together would name noise.
      const text = describeAnswer(question, given);
      wrong.set(text, (wrong.get(text) ?? 0) + 1);
    }
  }
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    submitted,
    answered,
    right,
    commonWrong: mostCommon(wrong),
    missedByRoom: submitted > 0 && right / submitted < ROOM_MISSED_BELOW,
  };
}

/**
 * An answer as a person reads it: the words of the chosen choice(s), the
 * number, or the text typed (trimmed, spaces collapsed, lower case, so
 * "Cat " and "cat" count as one answer).
 */
export function describeAnswer(question: Question, given: QuizAnswer): string {
  switch (question.type) {
    case 'single':
      return typeof given === 'number' ? choiceText(question.choices, given) : String(given);
    case 'multiple': {
      if (!Array.isArray(given)) return String(given);
      if (given.length === 0) return '(none picked)';
      return [...given].sort((a, b) => a - b).map((i) => choiceText(question.choices, i)).join(' + ');
    }
    case 'numeric':
      return String(given);
    case 'text':
    case 'live':
      return cut(String(given).trim().replace(/\s+/g, ' ').toLowerCase());
  }
}

function choiceText(choices: readonly string[], index: number): string {
  return cut(choices[index] ?? `choice ${index}`);
}

function cut(text: string): string {
  return text.length <= MAX_ANSWER_CHARS ? text : `${text.slice(0, MAX_ANSWER_CHARS - 1)}…`;
}

function mostCommon(counts: ReadonlyMap<string, number>): { answer: string; count: number } | null {
  let best: { answer: string; count: number } | null = null;
  for (const [answer, count] of counts) {
    if (!best || count > best.count || (count === best.count && answer < best.answer)) best = { answer, count };
  }
  return best;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Grades a quiz, on the server, once answers are parsed and live questions'
 * right answers have been read from the sandbox. Pure: no I/O.
 */
import type { QuestionResult, QuizAnswer } from '../../../common/src/guide-api.js';
import { textAnswerMatches, type Question } from '../labs/lab-schema.js';

export interface Grade {
  score: number;
  max: number;
  results: QuestionResult[];
}

/**
 * @param answers what the learner sent, already checked by parseQuizSubmission
 * @param liveAnswers for each live question, what the sandbox said (null: nothing)
 */
export function gradeQuiz(
  questions: readonly Question[],
  answers: ReadonlyMap<string, QuizAnswer>,
  liveAnswers: ReadonlyMap<string, string | null>,
): Grade {
  const results = questions.map((question): QuestionResult => {
    const given = answers.get(question.id) ?? null;
    const expected = expectedAnswer(question, liveAnswers);
    return {
      id: question.id,
      correct: given !== null && isCorrect(question, given, expected),
      given,
      expected,
      explanation: question.explanation,
    };
  });
  return { score: results.filter((r) => r.correct).length, max: questions.length, results };
}

function expectedAnswer(question: Question, liveAnswers: ReadonlyMap<string, string | null>): QuizAnswer | null {
  switch (question.type) {
    case 'single':
    case 'numeric':
    case 'text':
      return question.answer;
    case 'multiple':
      return [...question.answer].sort((a, b) => a - b);
    case 'live':
      return liveAnswers.get(question.id) ?? null;
  }
}

function isCorrect(question: Question, given: QuizAnswer, expected: QuizAnswer | null): boolean {
  switch (question.type) {
    case 'single':
      return given === question.answer;
    case 'multiple': {
      if (!Array.isArray(given)) return false;
      const right = new Set(question.answer);
      return given.length === right.size && given.every((i) => right.has(i));
    }
    case 'numeric':
      return typeof given === 'number' && withinTolerance(given, question.answer, question.tolerance);
    case 'text':
      return typeof given === 'string' && textAnswerMatches(question.pattern, given);
    case 'live':
      // No answer in the sandbox: nothing the learner says can be right.
      if (typeof expected !== 'string' || Array.isArray(given)) return false;
      return liveMatches(question.compare, expected, String(given));
  }
}

/**
 * |given - answer| <= tolerance, with a hair of slack for binary floating
 * point: 0.1 + 0.2 is 0.30000000000000004, and a learner who types 0.3 for a
 * tolerance-0 answer written as 0.3 + 0 must not be marked wrong for it.
 */
export function withinTolerance(given: number, answer: number, tolerance: number): boolean {
  const slack = 4 * Number.EPSILON * Math.max(1, Math.abs(answer), Math.abs(given));
  return Math.abs(given - answer) <= tolerance + slack;
}

/** exact: the trimmed strings are equal. number: both read as plain decimal numbers and are equal ("042" = "42"). */
export function liveMatches(compare: 'exact' | 'number', expected: string, given: string): boolean {
  if (compare === 'exact') return given.trim() === expected.trim();
  const a = parseDecimal(expected);
  const b = parseDecimal(given);
  return a !== null && b !== null && a === b;
}

/** A plain decimal number (sign, digits, point, exponent); not hex, not "", not "Infinity". */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

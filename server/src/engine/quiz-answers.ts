/**
 * Reads a quiz submission against the lab's questions: every answer must have
 * the shape its question's type asks for, and every key must be a question.
 * A problem comes back as a message naming the question and saying what was
 * expected, for a 400. Pure: no I/O.
 */
import type { QuizAnswer } from '../../../common/src/guide-api.js';
import type { Question } from '../labs/lab-schema.js';
import { EngineLimits } from './engine-limits.js';

export type ParsedAnswers =
  | { ok: true; answers: Map<string, QuizAnswer> }
  | { ok: false; message: string };

const SHAPE = 'expected {"answers": {"<question id>": <answer>, …}}';

export function parseQuizSubmission(questions: readonly Question[], body: unknown): ParsedAnswers {
  if (!isPlainObject(body)) return fail(`the body must be a JSON object: ${SHAPE}`);
  const extra = Object.keys(body).filter((k) => k !== 'answers');
  if (extra.length > 0) return fail(`unknown field "${extra[0]}" in the body: ${SHAPE}`);
  const given = body.answers;
  if (!isPlainObject(given)) return fail(`"answers" must be an object from question id to answer: ${SHAPE}`);

  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers = new Map<string, QuizAnswer>();
  for (const [id, value] of Object.entries(given)) {
    const question = byId.get(id);
    if (!question) {
      return fail(`there is no question "${id}" in this quiz; its questions are ${questions.map((q) => `"${q.id}"`).join(', ')}`);
    }
    const problem = answerProblem(question, value);
    if (problem !== null) return fail(`question "${id}" (${TYPE_NAMES[question.type]}): ${problem}`);
    answers.set(id, value as QuizAnswer);
  }
  return { ok: true, answers };
}

const TYPE_NAMES: Record<Question['type'], string> = {
  single: 'single choice',
  multiple: 'multiple choice',
  numeric: 'a number',
  text: 'a short text',
  live: 'read from your sandbox',
};

/** Null when `value` is a well-formed answer to `question`; otherwise what is wrong with it. */
function answerProblem(question: Question, value: unknown): string | null {
  switch (question.type) {
    case 'single': {
      const range = choiceRange(question.choices.length);
      return isChoice(value, question.choices.length) ? null : `the answer must be the index of one choice, ${range}; got ${show(value)}`;
    }
    case 'multiple': {
      const range = choiceRange(question.choices.length);
      if (!Array.isArray(value)) return `the answer must be a list of choice indices, each ${range} (an empty list picks none); got ${show(value)}`;
      const bad = value.find((v) => !isChoice(v, question.choices.length));
      if (bad !== undefined) return `every index must be ${range}; got ${show(bad)}`;
      if (new Set(value).size !== value.length) return 'a choice is listed twice';
      return null;
    }
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) ? null : `the answer must be a JSON number; got ${show(value)}`;
    case 'text':
      return textProblem(value);
    case 'live':
      if (typeof value === 'number' && Number.isFinite(value)) return null;
      return textProblem(value);
  }
}

function textProblem(value: unknown): string | null {
  if (typeof value !== 'string') return `the answer must be a string; got ${show(value)}`;
  if (value.length > EngineLimits.ANSWER_MAX_CHARS) return `the answer is longer than ${EngineLimits.ANSWER_MAX_CHARS} characters`;
  return null;
}

function isChoice(value: unknown, count: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < count;
}

function choiceRange(count: number): string {
  return `a whole number from 0 to ${count - 1} (choices count from 0)`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): ParsedAnswers {
  return { ok: false, message };
}

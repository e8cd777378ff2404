import { describe, expect, it } from 'vitest';
import { parseQuizSubmission } from './quiz-answers.js';
import { sampleQuiz } from './quiz-fixture.js';

const quiz = sampleQuiz();

function problem(body: unknown): string {
  const parsed = parseQuizSubmission(quiz, body);
  if (parsed.ok) throw new Error('accepted');
  return parsed.message;
}

describe('parseQuizSubmission', () => {
  it('accepts one well-formed answer of each type, and a partial submission', () => {
    const parsed = parseQuizSubmission(quiz, {
      answers: { 'pick-one': 0, 'pick-some': [], 'how-many': -1.5, 'print-it': '', 'shell-pid': 42, note: 'hi' },
    });
    expect(parsed).toEqual({ ok: true, answers: expect.any(Map) });
    expect(parsed.ok && [...parsed.answers.keys()]).toEqual(['pick-one', 'pick-some', 'how-many', 'print-it', 'shell-pid', 'note']);
    expect(parseQuizSubmission(quiz, { answers: {} }).ok).toBe(true);
  });

  it('refuses a body that is not {"answers": {…}}', () => {
    expect(problem(undefined)).toMatch(/^the body must be a JSON object/);
    expect(problem([])).toMatch(/^the body must be a JSON object/);
    expect(problem({})).toMatch(/^"answers" must be an object/);
    expect(problem({ answers: [1] })).toMatch(/^"answers" must be an object/);
    expect(problem({ answers: {}, extra: 1 })).toMatch(/^unknown field "extra"/);
  });

  it('refuses an unknown question id, listing the real ones', () => {
    expect(problem({ answers: { nope: 1 } })).toBe(
      'there is no question "nope" in this quiz; its questions are "pick-one", "pick-some", "how-many", "roughly", "print-it", "shell-pid", "note"',
    );
  });

  it('single: a whole number that is a choice', () => {
    expect(problem({ answers: { 'pick-one': '1' } })).toBe(
      'question "pick-one" (single choice): the answer must be the index of one choice, a whole number from 0 to 2 (choices count from 0); got "1"',
    );
    expect(problem({ answers: { 'pick-one': 3 } })).toMatch(/^question "pick-one".*got 3$/);
    expect(problem({ answers: { 'pick-one': 1.5 } })).toMatch(/got 1\.5$/);
    expect(problem({ answers: { 'pick-one': -1 } })).toMatch(/got -1$/);
    expect(problem({ answers: { 'pick-one': null } })).toMatch(/got null$/);
  });

  it('multiple: a list of distinct choice indices', () => {
    expect(problem({ answers: { 'pick-some': 1 } })).toMatch(/^question "pick-some" \(multiple choice\): the answer must be a list of choice indices/);
    expect(problem({ answers: { 'pick-some': [0, 4] } })).toMatch(/every index must be a whole number from 0 to 3 .*got 4$/);
    expect(problem({ answers: { 'pick-some': [0, '1'] } })).toMatch(/got "1"$/);
    expect(problem({ answers: { 'pick-some': [1, 1] } })).toBe('question "pick-some" (multiple choice): a choice is listed twice');
  });

  it('numeric: a JSON number, not a string', () => {
    expect(problem({ answers: { 'how-many': '120' } })).toBe('question "how-many" (a number): the answer must be a JSON number; got "120"');
    expect(problem({ answers: { 'how-many': [120] } })).toMatch(/got \[120\]$/);
  });

  it('text: a string of bounded length', () => {
    expect(problem({ answers: { 'print-it': 5 } })).toBe('question "print-it" (a short text): the answer must be a string; got 5');
    expect(problem({ answers: { 'print-it': 'x'.repeat(1001) } })).toMatch(/longer than 1000 characters/);
  });

  it('live: a string or a number', () => {
    expect(problem({ answers: { 'shell-pid': true } })).toBe('question "shell-pid" (read from your sandbox): the answer must be a string; got true');
    expect(problem({ answers: { note: { a: 1 } } })).toMatch(/got \{"a":1\}$/);
  });

  it('shortens a long wrong value in the message', () => {
    expect(problem({ answers: { 'pick-one': 'y'.repeat(100) } })).toMatch(/got "y{38}…$/);
  });
});

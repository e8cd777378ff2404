import { describe, expect, it } from 'vitest';
import type { QuizAnswer } from '../../../common/src/guide-api.js';
import { gradeQuiz, liveMatches, parseDecimal, withinTolerance } from './quiz-grader.js';
import { sampleQuiz } from './quiz-fixture.js';

const quiz = sampleQuiz();
const live = new Map<string, string | null>([['shell-pid', '42'], ['note', 'hello, shell']]);

function grade(answers: Record<string, QuizAnswer>, liveAnswers = live) {
  return gradeQuiz(quiz, new Map(Object.entries(answers)), liveAnswers);
}
function correct(id: string, answer: QuizAnswer, liveAnswers = live): boolean {
  return grade({ [id]: answer }, liveAnswers).results.find((r) => r.id === id)!.correct;
}

describe('gradeQuiz', () => {
  it('scores every right answer, with what was given, what was right and why, in quiz order', () => {
    const g = grade({
      'pick-one': 1, 'pick-some': [0, 3], 'how-many': 120, roughly: 3.141, 'print-it': 'cat', 'shell-pid': '42', note: 'hello, shell',
    });
    expect(g.score).toBe(7);
    expect(g.max).toBe(7);
    expect(g.results.map((r) => r.id)).toEqual(quiz.map((q) => q.id));
    expect(g.results[0]).toEqual({ id: 'pick-one', correct: true, given: 1, expected: 1, explanation: 'Because b.' });
    expect(g.results[1]).toMatchObject({ given: [0, 3], expected: [0, 3] });
    expect(g.results[4]).toMatchObject({ given: 'cat', expected: 'cat' });
    expect(g.results[5]).toMatchObject({ given: '42', expected: '42' });
  });

  it('counts a question left out as wrong, with given null, and still shows the answer', () => {
    const g = grade({ 'pick-one': 1 });
    expect(g.score).toBe(1);
    expect(g.results[2]).toEqual({ id: 'how-many', correct: false, given: null, expected: 120, explanation: 'Two minutes.' });
  });

  it('single: only the right index', () => {
    expect(correct('pick-one', 1)).toBe(true);
    expect(correct('pick-one', 0)).toBe(false);
    expect(correct('pick-one', 2)).toBe(false);
  });

  it('multiple: exactly the right set, in any order; a subset, a superset or none is wrong', () => {
    expect(correct('pick-some', [3, 0])).toBe(true);
    expect(correct('pick-some', [0, 3])).toBe(true);
    expect(correct('pick-some', [0])).toBe(false);
    expect(correct('pick-some', [0, 1, 3])).toBe(false);
    expect(correct('pick-some', [])).toBe(false);
    // The expected answer is shown sorted whatever order the author wrote it in.
    expect(grade({}).results[1]!.expected).toEqual([0, 3]);
  });

  it('numeric: equal, or within the tolerance (inclusive)', () => {
    expect(correct('how-many', 120)).toBe(true);
    expect(correct('how-many', 120.5)).toBe(false);
    expect(correct('how-many', 2)).toBe(false);
    expect(correct('roughly', 3.15)).toBe(true);
    expect(correct('roughly', 3.13)).toBe(true);
    expect(correct('roughly', 3.16)).toBe(false);
  });

  it('text: the whole trimmed answer matches the pattern, ignoring case', () => {
    expect(correct('print-it', 'cat')).toBe(true);
    expect(correct('print-it', '  LESS ')).toBe(true);
    expect(correct('print-it', 'concat')).toBe(false);
    expect(correct('print-it', 'cat file')).toBe(false);
    expect(correct('print-it', '')).toBe(false);
  });

  it('live, compare number: the sandbox\'s answer read as numbers', () => {
    expect(correct('shell-pid', '42')).toBe(true);
    expect(correct('shell-pid', ' 042 ')).toBe(true);
    expect(correct('shell-pid', 42)).toBe(true);
    expect(correct('shell-pid', '43')).toBe(false);
    expect(correct('shell-pid', '0x2a')).toBe(false);
    expect(correct('shell-pid', '')).toBe(false);
  });

  it('live, compare exact: the trimmed strings are equal, case and inner spaces included', () => {
    expect(correct('note', 'hello, shell')).toBe(true);
    expect(correct('note', '  hello, shell\n')).toBe(true);
    expect(correct('note', 'Hello, shell')).toBe(false);
    expect(correct('note', 'hello,  shell')).toBe(false);
  });

  it('live: when the sandbox has no answer, nothing is right, and expected is null', () => {
    const none = new Map<string, string | null>([['shell-pid', null]]);
    expect(correct('shell-pid', '42', none)).toBe(false);
    expect(correct('note', '', none)).toBe(false);
    expect(grade({ 'shell-pid': '42' }, none).results[5]).toMatchObject({ correct: false, expected: null });
  });
});

describe('withinTolerance', () => {
  it('forgives binary floating point, not real differences', () => {
    expect(withinTolerance(0.1 + 0.2, 0.3, 0)).toBe(true);
    expect(withinTolerance(0.3, 0.1 + 0.2, 0)).toBe(true);
    expect(withinTolerance(0.3001, 0.3, 0)).toBe(false);
    expect(withinTolerance(2.675 * 100, 267.5, 0)).toBe(true);
    expect(withinTolerance(1e21 + 1e6, 1e21, 0)).toBe(false);
    expect(withinTolerance(-5, 5, 9.99)).toBe(false);
    expect(withinTolerance(-5, 5, 10)).toBe(true);
  });
});

describe('liveMatches and parseDecimal', () => {
  it('reads only plain decimal numbers', () => {
    expect(parseDecimal('42')).toBe(42);
    expect(parseDecimal(' -4.5e2 ')).toBe(-450);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('7.')).toBe(7);
    for (const bad of ['', ' ', '0x10', 'Infinity', 'NaN', '1,000', '12abc', '1e999']) expect(parseDecimal(bad)).toBeNull();
  });

  it('compares numbers by value and strings exactly', () => {
    expect(liveMatches('number', '42', '42.0')).toBe(true);
    expect(liveMatches('number', 'abc', 'abc')).toBe(false);
    expect(liveMatches('exact', 'abc', ' abc ')).toBe(true);
    expect(liveMatches('exact', '42', '42.0')).toBe(false);
  });
});

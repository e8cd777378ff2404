import { describe, expect, it } from 'vitest';
import type { Question } from '../labs/lab-schema.js';
import { describeAnswer, labQuizStats, type StoredAttempt } from './quiz-stats.js';

const quiz: Question[] = [
  { id: 'amp', type: 'single', prompt: 'What does `&` do?', explanation: '', choices: ['runs twice', 'background', 'saves output'], answer: 1 },
  { id: 'see', type: 'multiple', prompt: 'Which show it?', explanation: '', choices: ['jobs', 'ps', 'ls'], answer: [0, 1] },
  { id: 'secs', type: 'numeric', prompt: 'Seconds in 2m?', explanation: '', answer: 120, tolerance: 0 },
  { id: 'cmd', type: 'text', prompt: 'Print a file?', explanation: '', pattern: 'cat', answer: 'cat' },
];
const lab = { id: 'hello', title: 'Hello', quiz };

function attempt(answers: Record<string, [boolean, StoredAttempt['results'][number]['given']]>): StoredAttempt {
  const results = Object.entries(answers).map(([question, [correct, given]]) => ({ question, correct, given }));
  return { score: results.filter((r) => r.correct).length, max: quiz.length, results };
}

describe('labQuizStats', () => {
  it('counts submitted, answered and right per question, and finds the most common wrong answer', () => {
    const room = [
      [attempt({ amp: [false, 0], see: [true, [0, 1]], secs: [false, 2], cmd: [true, 'cat'] })],
      [attempt({ amp: [false, 0], see: [false, [0, 2]], secs: [true, 120], cmd: [false, ' Print  '] })],
      [attempt({ amp: [false, 2], see: [false, [2, 0]], secs: [false, null], cmd: [false, 'print'] })],
      [attempt({ amp: [true, 1], see: [false, []], secs: [false, 2], cmd: [true, 'less'] })],
      [], // joined, never submitted
    ];
    const stats = labQuizStats(lab, room);
    expect(stats).toMatchObject({ lab: 'hello', title: 'Hello', participants: 5, submitted: 4, max: 4, meanScore: 1.25 });
    const byId = Object.fromEntries(stats.questions.map((q) => [q.id, q]));
    expect(byId.amp).toMatchObject({ submitted: 4, answered: 4, right: 1, commonWrong: { answer: 'runs twice', count: 2 }, missedByRoom: true });
    // [0, 2] and [2, 0] are the same pick.
    expect(byId.see).toMatchObject({ submitted: 4, answered: 4, right: 1, commonWrong: { answer: 'jobs + ls', count: 2 }, missedByRoom: true });
    // One left it out: submitted but not answered, and not a "wrong answer" either.
    expect(byId.secs).toMatchObject({ submitted: 4, answered: 3, right: 1, commonWrong: { answer: '2', count: 2 } });
    // Typed answers group by their trimmed, lower-cased words.
    expect(byId.cmd).toMatchObject({ right: 2, commonWrong: { answer: 'print', count: 2 }, missedByRoom: false });
  });

  it('counts only each participant\'s first attempt', () => {
    const stats = labQuizStats(lab, [[attempt({ amp: [false, 0] }), attempt({ amp: [true, 1] })]]);
    expect(stats.questions[0]).toMatchObject({ submitted: 1, right: 0, commonWrong: { answer: 'runs twice', count: 1 } });
    expect(stats.meanScore).toBe(0);
  });

  it('a room where no one submitted has no mean and misses nothing', () => {
    const stats = labQuizStats(lab, [[], []]);
    expect(stats.meanScore).toBeNull();
    expect(stats.questions.every((q) => q.submitted === 0 && !q.missedByRoom && q.commonWrong === null)).toBe(true);
  });

  it('attempts stored before answers were kept still count right and wrong, without a common wrong answer', () => {
    const old: StoredAttempt = { score: 1, max: 4, results: [{ question: 'amp', correct: true }, { question: 'see', correct: false }] };
    const stats = labQuizStats(lab, [[old]]);
    expect(stats.questions[0]).toMatchObject({ submitted: 1, answered: 1, right: 1 });
    expect(stats.questions[1]).toMatchObject({ submitted: 1, right: 0, commonWrong: null });
    // A question added to the quiz after the attempt: nothing to say about it.
    expect(stats.questions[2]).toMatchObject({ submitted: 0 });
  });

  it('names no common wrong answer for a live question: each learner\'s right answer came from their own sandbox', () => {
    const live: Question = { id: 'pid', type: 'live', prompt: 'PID?', explanation: '', command: 'echo $$', compare: 'number' };
    const stats = labQuizStats({ id: 'x', title: 'X', quiz: [live] }, [
      [{ score: 0, max: 1, results: [{ question: 'pid', correct: false, given: 42 }] }],
      [{ score: 0, max: 1, results: [{ question: 'pid', correct: false, given: 42 }] }],
    ]);
    expect(stats.questions[0]).toMatchObject({ submitted: 2, answered: 2, right: 0, commonWrong: null, missedByRoom: true });
  });

  it('ties between wrong answers go to the one that sorts first', () => {
    const stats = labQuizStats(lab, [[attempt({ amp: [false, 2] })], [attempt({ amp: [false, 0] })]]);
    expect(stats.questions[0]!.commonWrong).toEqual({ answer: 'runs twice', count: 1 });
  });
});

describe('describeAnswer', () => {
  it('shows a multiple-choice pick of none, and cuts a long typed answer', () => {
    expect(describeAnswer(quiz[1]!, [])).toBe('(none picked)');
    const long = describeAnswer(quiz[3]!, 'x'.repeat(500));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { Lab } from '../labs/lab.js';
import type { QuizAttempt } from '../store/progress-store.js';
import { progressView } from './progress-view.js';

const lab = {
  id: 'demo',
  steps: ['01-a', '02-b', '03-c'].map((dir, i) => ({ index: i + 1, dir })),
} as unknown as Lab;

const passed = (...dirs: string[]) => dirs.map((step) => ({ step, passedAt: '2025-01-01T00:00:00.000Z' }));
const attempt = (id: number, score: number, max: number): QuizAttempt => ({
  id, learnerId: 'l', labId: 'demo', score, max, attemptedAt: `2025-01-0${id}T00:00:00.000Z`,
  results: [{ question: 'q', correct: score > 0 }],
});

describe('progressView', () => {
  it('starts at step 1 with nothing passed and no attempts', () => {
    expect(progressView(lab, [], [])).toEqual({
      lab: 'demo', steps: 3, passed: [], current: 1, quiz: { attempts: [], best: null },
    });
  });

  it('lists passed steps by index and points at the first one not passed, even with gaps', () => {
    expect(progressView(lab, passed('01-a', '03-c'), [])).toMatchObject({ passed: [1, 3], current: 2 });
  });

  it('has no current step once all passed, and ignores steps the lab no longer has', () => {
    expect(progressView(lab, passed('03-c', '01-a', '02-b', '02-removed'), [])).toMatchObject({ passed: [1, 2, 3], current: null });
  });

  it('numbers attempts from 1, oldest first, and picks the best share of the maximum, earliest among equals', () => {
    const view = progressView(lab, [], [attempt(1, 2, 5), attempt(2, 4, 5), attempt(3, 4, 5), attempt(4, 3, 4)]);
    expect(view.quiz.attempts.map((a) => [a.attempt, a.score, a.max])).toEqual([[1, 2, 5], [2, 4, 5], [3, 4, 5], [4, 3, 4]]);
    expect(view.quiz.best).toEqual({
      attempt: 2, score: 4, max: 5, attemptedAt: '2025-01-02T00:00:00.000Z', results: [{ id: 'q', correct: true }],
    });
    expect(progressView(lab, [], [attempt(1, 4, 5), attempt(2, 5, 5)]).quiz.best?.attempt).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { Lab } from '../labs/lab.js';
import { participantStatus, STUCK_FAILED_CHECKS, type StatusInput } from './participant-status.js';

const lab = {
  id: 'hello',
  steps: [
    { index: 1, dir: '01-a', title: 'Make a file' },
    { index: 2, dir: '02-b', title: 'Background' },
    { index: 3, dir: '03-c', title: 'Stop it' },
  ],
} as unknown as Lab;

const base: StatusInput = {
  participant: { id: 'p1', workshopId: 'w1', learnerId: 'l1', name: 'Ana', joinedAt: '2026-11-21T09:00:00.000Z' },
  latest: { sessionId: 's1', participantId: 'p1', labId: 'hello', startedAt: '2026-11-21T09:01:00.000Z', endedAt: null },
  lab,
  passed: [],
  attempts: [],
  running: true,
  online: true,
  failedChecks: 0,
  keyboard: 'learner',
  stuckMinutes: 5,
  now: new Date('2026-11-21T09:03:00.000Z'),
};

describe('participantStatus', () => {
  it('places a learner on their first unpassed step, timed from their last pass', () => {
    const s = participantStatus({ ...base, passed: [{ step: '01-a', passedAt: '2026-11-21T09:02:00.000Z' }] });
    expect(s).toMatchObject({ lab: 'hello', step: 2, stepTitle: 'Background', steps: 3, stepsPassed: 1, stepSince: '2026-11-21T09:02:00.000Z', stuck: false, sessionId: 's1', online: true });
  });

  it('times the first step from when their sandbox started, and a step from a later sandbox if they came back', () => {
    expect(participantStatus(base).stepSince).toBe('2026-11-21T09:01:00.000Z');
    const back = { ...base.latest!, sessionId: 's2', startedAt: '2026-11-21T10:30:00.000Z' };
    const s = participantStatus({ ...base, latest: back, passed: [{ step: '01-a', passedAt: '2026-11-21T09:02:00.000Z' }], now: new Date('2026-11-21T10:31:00.000Z') });
    expect(s).toMatchObject({ step: 2, stepSince: '2026-11-21T10:30:00.000Z', stuck: false });
  });

  it('flags no progress for stuckMinutes, and repeated failed checks sooner', () => {
    expect(participantStatus({ ...base, now: new Date('2026-11-21T09:05:59.000Z') }).stuck).toBe(false);
    expect(participantStatus({ ...base, now: new Date('2026-11-21T09:06:00.000Z') })).toMatchObject({ stuck: true, stuckReason: 'no progress for 5 min' });
    expect(participantStatus({ ...base, failedChecks: STUCK_FAILED_CHECKS })).toMatchObject({ stuck: true, stuckReason: '3 failed checks on this step' });
    expect(participantStatus({ ...base, failedChecks: STUCK_FAILED_CHECKS - 1 }).stuck).toBe(false);
  });

  it('is never stuck when done or away, and shows no session when none runs', () => {
    const done = participantStatus({ ...base, passed: lab.steps.map((s) => ({ step: s.dir, passedAt: '2026-11-21T09:02:00.000Z' })), now: new Date('2026-11-21T10:00:00.000Z') });
    expect(done).toMatchObject({ step: null, stepSince: null, stepsPassed: 3, stuck: false });
    const away = participantStatus({ ...base, running: false, keyboard: 'instructor', now: new Date('2026-11-21T10:00:00.000Z') });
    expect(away).toMatchObject({ stuck: false, sessionId: null, online: false, keyboard: 'learner' });
  });

  it('shows the best quiz attempt', () => {
    const attempt = (score: number, max: number, id: number) => ({ id, learnerId: 'l1', labId: 'hello', score, max, results: [], attemptedAt: '2026-11-21T09:02:00.000Z' });
    expect(participantStatus({ ...base, attempts: [attempt(2, 5, 1), attempt(4, 5, 2), attempt(3, 5, 3)] })).toMatchObject({ quizScore: 4, quizMax: 5 });
  });

  it('says where a learner is before they open a lab', () => {
    expect(participantStatus({ ...base, latest: null, lab: undefined, running: false }))
      .toMatchObject({ lab: null, step: null, steps: 0, stepsPassed: 0, stuck: false, sessionId: null });
  });
});

import { describe, expect, it } from 'vitest';
import type { ParticipantStatus } from '../../../common/src/workshop-api.js';
import { orderParticipants } from './participant-order.js';

const p = (name: string, over: Partial<ParticipantStatus>): ParticipantStatus => ({
  id: name, name, lab: 'hello', step: 1, stepTitle: null, steps: 4, stepsPassed: 0, stepSince: null, quizScore: null, quizMax: null,
  stuck: false, stuckReason: null, failedChecks: 0, sessionId: 's', online: true, keyboard: 'learner', joinedAt: '', ...over,
});

describe('orderParticipants', () => {
  const room = [p('Ana', { stepsPassed: 3 }), p('Bo', { stuck: true, stepsPassed: 1 }), p('Cy', { stepsPassed: 1, failedChecks: 2 }), p('Di', { stuck: true, stepsPassed: 2, failedChecks: 4 })];
  const names = (order: 'joined' | 'help' | 'progress') => orderParticipants(room, order).map((x) => x.name);

  it('keeps the join order, or puts who needs help first, or who is furthest along', () => {
    expect(names('joined')).toEqual(['Ana', 'Bo', 'Cy', 'Di']);
    expect(names('help')).toEqual(['Di', 'Bo', 'Cy', 'Ana']);
    expect(names('progress')).toEqual(['Ana', 'Di', 'Bo', 'Cy']);
  });
});

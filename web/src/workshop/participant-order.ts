/**
 * The orders an instructor can put the room in: as they joined, who needs
 * help first (stuck, then the least done), or furthest along first. Pure.
 */
import type { ParticipantStatus } from '../../../common/src/workshop-api.js';

export const PARTICIPANT_ORDERS = { joined: 'Joined', help: 'Needs help', progress: 'Progress' } as const;
export type ParticipantOrder = keyof typeof PARTICIPANT_ORDERS;

export function orderParticipants(participants: readonly ParticipantStatus[], order: ParticipantOrder): ParticipantStatus[] {
  const joined = [...participants];
  const done = (p: ParticipantStatus) => (p.steps === 0 ? 0 : p.stepsPassed / p.steps);
  switch (order) {
    case 'joined':
      return joined;
    case 'help':
      // Stable: equals keep the order they joined in.
      return joined.sort((a, b) => Number(b.stuck) - Number(a.stuck) || b.failedChecks - a.failedChecks || done(a) - done(b));
    case 'progress':
      return joined.sort((a, b) => done(b) - done(a) || (b.quizScore ?? -1) - (a.quizScore ?? -1));
  }
}

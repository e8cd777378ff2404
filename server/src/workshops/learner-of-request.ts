/** The learner an HTTP request or WebSocket upgrade names (X-Syslab-Learner header, else the learner cookie), or undefined. */
import type { IncomingMessage } from 'node:http';
import { LEARNER_COOKIE, LEARNER_HEADER } from '../../../common/src/api.js';
import type { LearnerStore } from '../store/learner-store.js';
import { readCookie } from '../ws/credential.js';

export function learnerOfRequest(learners: LearnerStore, req: IncomingMessage): string | undefined {
  const header = req.headers[LEARNER_HEADER];
  const token = typeof header === 'string' ? header.trim() : readCookie(req.headers.cookie, LEARNER_COOKIE);
  return token ? learners.findByToken(token)?.id : undefined;
}

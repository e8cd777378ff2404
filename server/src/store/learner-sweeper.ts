/**
 * Forgets passers-by: every cookie-less visit makes a learner row, so a
 * public server would grow its database with every visitor who never passed
 * a step (docs/security.md, the gap this closes). Runs at start and then
 * hourly; learners with anything stored or a running session are kept
 * (LearnerStore.forgetUnused).
 */
import type { Logger } from 'pino';
import type { SessionManager } from '../sessions/session-manager.js';
import type { LearnerStore } from './learner-store.js';

/** Often enough that the table never holds more than an hour of passers-by beyond the retention. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function sweepUnusedLearners(deps: {
  learners: LearnerStore;
  sessions: Pick<SessionManager, 'list'>;
  retentionDays: number;
  log: Logger;
  now?: () => number;
}): { stop(): void } {
  const now = deps.now ?? Date.now;
  const sweep = () => {
    try {
      const busy = new Set(deps.sessions.list().map((s) => s.info.learnerId));
      const forgotten = deps.learners.forgetUnused(new Date(now() - deps.retentionDays * DAY_MS), busy);
      if (forgotten > 0) deps.log.info({ forgotten, retentionDays: deps.retentionDays }, 'forgot learners who never stored anything');
    } catch (err) {
      deps.log.error({ err }, 'could not sweep unused learners');
    }
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

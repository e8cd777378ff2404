/**
 * One dashboard row: where a participant is, computed from the store and the
 * live session. Pure: the caller reads the store and the clock.
 */
import type { KeyboardHolder, ParticipantStatus } from '../../../common/src/workshop-api.js';
import { progressView } from '../engine/progress-view.js';
import type { Lab } from '../labs/lab.js';
import type { PassedStep, QuizAttempt } from '../store/progress-store.js';
import type { Participant, WorkshopSessionRecord } from './workshop-store.js';

/** Failed checks the learner asked for on one step before they count as stuck. */
export const STUCK_FAILED_CHECKS = 3;

export interface StatusInput {
  participant: Participant;
  /** The participant's latest session in this workshop, running or not; null before their first. */
  latest: WorkshopSessionRecord | null;
  /** The lab of `latest`; undefined when it has left the catalog. */
  lab: Lab | undefined;
  passed: readonly PassedStep[];
  attempts: readonly QuizAttempt[];
  running: boolean;
  online: boolean;
  failedChecks: number;
  keyboard: KeyboardHolder;
  stuckMinutes: number;
  now: Date;
}

export function participantStatus(i: StatusInput): ParticipantStatus {
  const base = {
    id: i.participant.id,
    name: i.participant.name,
    joinedAt: i.participant.joinedAt,
    sessionId: i.running && i.latest ? i.latest.sessionId : null,
    online: i.running && i.online,
    keyboard: i.running ? i.keyboard : 'learner',
  } as const;
  if (!i.latest || !i.lab) {
    return {
      ...base, lab: i.latest?.labId ?? null, step: null, stepTitle: null, steps: 0, stepsPassed: 0, stepSince: null,
      quizScore: null, quizMax: null, stuck: false, stuckReason: null, failedChecks: 0,
    };
  }
  const progress = progressView(i.lab, i.passed, i.attempts);
  const inLab = new Set(i.lab.steps.map((s) => s.dir));
  const lastPass = i.passed.filter((p) => inLab.has(p.step)).map((p) => p.passedAt).sort().at(-1) ?? null;
  // From their last pass, or from when this sandbox started: a learner back from
  // lunch (their old sandbox reaped) is not stuck the moment they return.
  const stepSince = progress.current === null ? null : latestOf(lastPass, i.latest.startedAt);
  const stuckReason = progress.current === null || !i.running ? null : whyStuck(i, stepSince);
  return {
    ...base,
    lab: i.lab.id,
    step: progress.current,
    stepTitle: progress.current === null ? null : i.lab.steps[progress.current - 1]!.title,
    steps: progress.steps,
    stepsPassed: progress.passed.length,
    stepSince,
    quizScore: progress.quiz.best?.score ?? null,
    quizMax: progress.quiz.best?.max ?? null,
    stuck: stuckReason !== null,
    stuckReason,
    failedChecks: i.failedChecks,
  };
}

function whyStuck(i: StatusInput, stepSince: string | null): string | null {
  if (i.failedChecks >= STUCK_FAILED_CHECKS) return `${i.failedChecks} failed checks on this step`;
  if (stepSince === null) return null;
  const minutes = Math.floor((i.now.getTime() - Date.parse(stepSince)) / 60_000);
  return minutes >= i.stuckMinutes ? `no progress for ${minutes} min` : null;
}

function latestOf(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

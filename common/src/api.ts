/** Shapes of the HTTP API's JSON, shared by server and browser. */

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  /** Number of steps in the lab. */
  steps: number;
}

export interface CreatedSession {
  id: string;
  /** Bearer credential for this session; shown once, stored hashed. */
  token: string;
  lab: string;
  /**
   * Present only when this request made a new learner: their credential, also
   * set as the LEARNER_COOKIE. Send it back (cookie or LEARNER_HEADER) to keep
   * the same progress.
   */
  learner?: string;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** HttpOnly cookie holding a session's token, scoped to Path=/api/sessions/<id>. */
export const SESSION_COOKIE = 'syslab_session';

/**
 * HttpOnly cookie (Path=/) naming the learner across sessions and restarts,
 * so progress follows them. Scripts send LEARNER_HEADER instead.
 */
export const LEARNER_COOKIE = 'syslab_learner';
export const LEARNER_HEADER = 'x-syslab-learner';

export function terminalPath(sessionId: string): string {
  return `/api/sessions/${encodeURIComponent(sessionId)}/terminal`;
}

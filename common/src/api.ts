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
}

export interface ApiError {
  error: { code: string; message: string };
}

/** HttpOnly cookie holding a session's token, scoped to Path=/api/sessions/<id>. */
export const SESSION_COOKIE = 'syslab_session';

export function terminalPath(sessionId: string): string {
  return `/api/sessions/${encodeURIComponent(sessionId)}/terminal`;
}

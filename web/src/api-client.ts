/**
 * The page's calls to the syslab HTTP API (docs/api.md). Every expected
 * failure, from a refused connection to a 429, becomes one ApiRequestError
 * carrying the server's message, which is written for people.
 */
import type { ApiError, CreatedSession, LabSummary } from '../../common/src/api.js';
import type { LabProgress, QuizGraded, QuizSubmission, StepCheck, StepOpened } from '../../common/src/guide-api.js';
import type { LabPublicView } from '../../common/src/lab-api.js';
import {
  isCreatedSession, isLabList, isLabProgress, isLabPublicView, isQuizGraded, isRecord, isStepCheck, isStepOpened,
} from './api-shapes.js';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status, or 0 when no answer arrived at all. */
    readonly status: number,
    /** The API's machine-readable code (`lab_not_found`…), or `network` / `bad_response`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SyslabApi {
  listLabs(signal?: AbortSignal): Promise<LabSummary[]>;
  createSession(lab: string): Promise<CreatedSession>;
  /** Resolves when the session is gone, including when it already was (401/404). */
  destroySession(id: string): Promise<void>;
  /**
   * What `GET /api/sessions/<id>` says of a session: a browser cannot see why
   * a WebSocket upgrade was refused, so the page asks this before reconnecting.
   */
  lookupSession(id: string): Promise<SessionLookup>;
  /** What the guide shows: texts, steps and questions, never answers. */
  getLab(id: string, signal?: AbortSignal): Promise<LabPublicView>;
  /** Runs the step's setup.sh in the sandbox, once per session. */
  openStep(sessionId: string, index: number): Promise<StepOpened>;
  checkStep(sessionId: string, index: number): Promise<StepCheck>;
  progress(sessionId: string): Promise<LabProgress>;
  submitQuiz(sessionId: string, submission: QuizSubmission): Promise<QuizGraded>;
}

/**
 * - `live`: 200, the session runs and this browser holds its credential;
 * - `gone`: 404, it ended (or never was);
 * - `unauthorized`: 401, this browser's credential is not the session's (a cleared cookie);
 * - `unreachable`: no answer, or a 5xx: the server is down or restarting.
 */
export type SessionLookup = 'live' | 'gone' | 'unauthorized' | 'unreachable';

export function createApiClient(fetchImpl: typeof fetch = (...args) => fetch(...args)): SyslabApi {
  async function request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        // The session cookie is HttpOnly and scoped to /api/sessions/<id>; the
        // browser attaches it by itself as long as credentials are allowed.
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiRequestError(0, 'network', `Could not reach the syslab server (${describe(error)}). Is it running?`);
    }
    if (!response.ok) throw await errorFrom(response, method, path);
    return response;
  }

  async function requestJson<T>(method: string, path: string, isValid: (value: unknown) => value is T, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await request(method, path, body, signal);
    const value: unknown = await response.json().catch(() => undefined);
    if (!isValid(value)) {
      throw new ApiRequestError(response.status, 'bad_response', `${method} ${path} answered with an unexpected body.`);
    }
    return value;
  }

  return {
    listLabs: (signal) => requestJson('GET', '/api/labs', isLabList, undefined, signal),
    createSession: (lab) => requestJson('POST', '/api/sessions', isCreatedSession, { lab }),
    async destroySession(id) {
      try {
        await request('DELETE', sessionPath(id));
      } catch (error) {
        if (error instanceof ApiRequestError && (error.status === 401 || error.status === 404)) return;
        throw error;
      }
    },
    async lookupSession(id) {
      try {
        await request('GET', sessionPath(id));
        return 'live';
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) return 'gone';
        if (error instanceof ApiRequestError && error.status === 401) return 'unauthorized';
        return 'unreachable';
      }
    },
    getLab: (id, signal) => requestJson('GET', `/api/labs/${encodeURIComponent(id)}`, isLabPublicView, undefined, signal),
    openStep: (sessionId, index) => requestJson('POST', `${sessionPath(sessionId)}/steps/${index}/open`, isStepOpened, {}),
    checkStep: (sessionId, index) => requestJson('POST', `${sessionPath(sessionId)}/steps/${index}/check`, isStepCheck, {}),
    progress: (sessionId) => requestJson('GET', `${sessionPath(sessionId)}/progress`, isLabProgress),
    submitQuiz: (sessionId, submission) => requestJson('POST', `${sessionPath(sessionId)}/quiz`, isQuizGraded, submission),
  };
}

async function errorFrom(response: Response, method: string, path: string): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isApiError(body)) return new ApiRequestError(response.status, body.error.code, body.error.message);
  const reason = response.statusText ? `${response.status} ${response.statusText}` : `status ${response.status}`;
  return new ApiRequestError(response.status, 'http_error', `${method} ${path} failed with ${reason}.`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sessionPath(id: string): string {
  return `/api/sessions/${encodeURIComponent(id)}`;
}

function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && isRecord(value.error)
    && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

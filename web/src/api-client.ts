/**
 * The page's calls to the syslab HTTP API (docs/api.md). Every expected
 * failure, from a refused connection to a 429, becomes one ApiRequestError
 * carrying the server's message, which is written for people.
 */
import type { CreatedSession, LabSummary } from '../../common/src/api.js';
import type { LabProgress, QuizGraded, QuizSubmission, StepCheck, StepOpened } from '../../common/src/guide-api.js';
import type { IpcGraph, MapEntry, ProcessInfo, SignalRequest, TraceStatus, TraceTarget } from '../../common/src/inspect-api.js';
import type { LabPublicView } from '../../common/src/lab-api.js';
import {
  isCreatedSession, isIpcGraph, isLabList, isLabProgress, isLabPublicView, isMapEntryList, isProcessList, isQuizGraded,
  isStepCheck, isStepOpened, isTraceStatus,
} from './api-shapes.js';
import { ApiRequestError } from './api-error.js';
import { jsonRequests } from './json-requests.js';

export { ApiRequestError } from './api-error.js';

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
  checkStep(sessionId: string, index: number, manual?: boolean): Promise<StepCheck>;
  progress(sessionId: string): Promise<LabProgress>;
  submitQuiz(sessionId: string, submission: QuizSubmission): Promise<QuizGraded>;

  // Live inspectors (docs/api.md, "Inspectors"); the views stream through inspectStreamPath.
  processes(sessionId: string, signal?: AbortSignal): Promise<ProcessInfo[]>;
  /** 404 when the sandbox has no such process. */
  processMaps(sessionId: string, pid: number, signal?: AbortSignal): Promise<MapEntry[]>;
  /** kill(pid, sig), or kill(-pid, sig) with `group`; 400 for an unknown signal, 404 for no such process. */
  sendSignal(sessionId: string, pid: number, request: SignalRequest): Promise<void>;
  ipcGraph(sessionId: string, signal?: AbortSignal): Promise<IpcGraph>;
  traceStatus(sessionId: string): Promise<TraceStatus>;
  /** Starts strace in the sandbox, replacing any trace that runs. */
  startTrace(sessionId: string, target: TraceTarget): Promise<TraceStatus>;
  stopTrace(sessionId: string): Promise<TraceStatus>;
}

/**
 * - `live`: 200, the session runs and this browser holds its credential;
 * - `gone`: 404, it ended (or never was);
 * - `unauthorized`: 401, this browser's credential is not the session's (a cleared cookie);
 * - `unreachable`: no answer, or a 5xx: the server is down or restarting.
 */
export type SessionLookup = 'live' | 'gone' | 'unauthorized' | 'unreachable';

export function createApiClient(fetchImpl: typeof fetch = (...args) => fetch(...args)): SyslabApi {
  const http = jsonRequests(fetchImpl);
  const request = (method: string, path: string, body?: unknown, signal?: AbortSignal) => http.request(method, path, { body, signal });
  const requestJson = <T>(method: string, path: string, isValid: (value: unknown) => value is T, body?: unknown, signal?: AbortSignal) =>
    http.json(method, path, isValid, { body, signal });

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
    checkStep: (sessionId, index, manual = false) => requestJson('POST', `${sessionPath(sessionId)}/steps/${index}/check`, isStepCheck, manual ? { manual: true } : {}),
    progress: (sessionId) => requestJson('GET', `${sessionPath(sessionId)}/progress`, isLabProgress),
    submitQuiz: (sessionId, submission) => requestJson('POST', `${sessionPath(sessionId)}/quiz`, isQuizGraded, submission),
    processes: (sessionId, signal) => requestJson('GET', `${sessionPath(sessionId)}/processes`, isProcessList, undefined, signal),
    processMaps: (sessionId, pid, signal) => requestJson('GET', `${processPath(sessionId, pid)}/maps`, isMapEntryList, undefined, signal),
    async sendSignal(sessionId, pid, body) {
      await request('POST', `${processPath(sessionId, pid)}/signal`, body);
    },
    ipcGraph: (sessionId, signal) => requestJson('GET', `${sessionPath(sessionId)}/ipc`, isIpcGraph, undefined, signal),
    traceStatus: (sessionId) => requestJson('GET', `${sessionPath(sessionId)}/trace`, isTraceStatus),
    startTrace: (sessionId, target) => requestJson('POST', `${sessionPath(sessionId)}/trace`, isTraceStatus, { target }),
    stopTrace: (sessionId) => requestJson('DELETE', `${sessionPath(sessionId)}/trace`, isTraceStatus),
  };
}

function sessionPath(id: string): string {
  return `/api/sessions/${encodeURIComponent(id)}`;
}

function processPath(sessionId: string, pid: number): string {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`not a pid: ${pid}`);
  return `${sessionPath(sessionId)}/processes/${pid}`;
}

export type InspectStreamView = 'processes' | 'ipc' | 'maps' | 'syscalls';

/** The inspectors' Server-Sent Events stream: `views` in a fixed order, `pid` for `maps`. */
export function inspectStreamPath(sessionId: string, views: readonly InspectStreamView[], pid: number | null = null): string {
  const order: readonly InspectStreamView[] = ['processes', 'maps', 'ipc', 'syscalls'];
  const query = new URLSearchParams({ views: order.filter((v) => views.includes(v)).join(',') });
  if (pid !== null) query.set('pid', String(pid));
  // URLSearchParams writes the comma as %2C; the server's query parser decodes either.
  return `${sessionPath(sessionId)}/inspect?${query.toString().replace(/%2C/g, ',')}`;
}

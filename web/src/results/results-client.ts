/**
 * The instructor pages' calls: a workshop's results and recordings, a
 * recording's cast, signing in. The instructor key travels in the HttpOnly
 * cookie POST /api/instructor/login sets; these pages never hold it after
 * signing in. Failures become ApiRequestError, like the rest of the page.
 */
import type {
  RecordingSummary, WorkshopExport, WorkshopRecordingSetting, WorkshopResults,
} from '../../../common/src/results-api.js';
import { ApiRequestError } from '../api-client.js';
import { isRecord } from '../api-shapes.js';

export interface ResultsApi {
  results(workshopId: string, signal?: AbortSignal): Promise<WorkshopResults>;
  /** Everyone's progress and scores (the JSON export). */
  progress(workshopId: string, signal?: AbortSignal): Promise<WorkshopExport>;
  recordings(workshopId: string, signal?: AbortSignal): Promise<RecordingSummary[]>;
  recording(recordingId: string, signal?: AbortSignal): Promise<RecordingSummary>;
  /** The asciicast v2 text. */
  cast(recording: RecordingSummary, signal?: AbortSignal): Promise<string>;
  recordingSetting(workshopId: string, signal?: AbortSignal): Promise<WorkshopRecordingSetting>;
  setRecording(workshopId: string, enabled: boolean): Promise<WorkshopRecordingSetting>;
  /** Trades the key for the instructor cookie. */
  signIn(key: string): Promise<void>;
}

export function workshopApiPath(workshopId: string): string {
  return `/api/workshops/${encodeURIComponent(workshopId)}`;
}

export function createResultsApi(fetchImpl: typeof fetch = (...args) => fetch(...args)): ResultsApi {
  async function request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? null : JSON.stringify(init.body),
        cache: 'no-store',
        signal: init.signal ?? null,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiRequestError(0, 'network', `Could not reach the syslab server (${error instanceof Error ? error.message : String(error)}). Is it running?`);
    }
    if (!response.ok) throw await errorFrom(response, method, path);
    return response;
  }

  async function json<T>(method: string, path: string, isValid: (v: unknown) => v is T, init: { body?: unknown; signal?: AbortSignal | undefined } = {}): Promise<T> {
    const response = await request(method, path, init);
    const value: unknown = await response.json().catch(() => undefined);
    if (!isValid(value)) throw new ApiRequestError(response.status, 'bad_response', `${method} ${path} answered with an unexpected body.`);
    return value;
  }

  return {
    results: (id, signal) => json('GET', `${workshopApiPath(id)}/results`, isWorkshopResults, { signal }),
    progress: (id, signal) => json('GET', `${workshopApiPath(id)}/export.json`, isWorkshopExport, { signal }),
    recordings: (id, signal) => json('GET', `${workshopApiPath(id)}/recordings`, isRecordingList, { signal }),
    recording: (id, signal) => json('GET', `/api/recordings/${encodeURIComponent(id)}`, isRecordingSummary, { signal }),
    async cast(recording, signal) {
      const response = await request('GET', recording.castPath, { headers: { accept: 'application/x-asciicast' }, signal });
      return response.text();
    },
    recordingSetting: (id, signal) => json('GET', `${workshopApiPath(id)}/recording`, isRecordingSetting, { signal }),
    setRecording: (id, enabled) => json('PUT', `${workshopApiPath(id)}/recording`, isRecordingSetting, { body: { enabled } }),
    async signIn(key) {
      await request('POST', '/api/instructor/login', { headers: { authorization: `Bearer ${key.trim()}` } });
    },
  };
}

async function errorFrom(response: Response, method: string, path: string): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string' && typeof body.error.message === 'string') {
    return new ApiRequestError(response.status, body.error.code, body.error.message);
  }
  return new ApiRequestError(response.status, 'http_error', `${method} ${path} failed with status ${response.status}.`);
}

export function isWorkshopResults(v: unknown): v is WorkshopResults {
  return isRecord(v) && isRecord(v.workshop) && typeof v.workshop.title === 'string' && typeof v.participants === 'number'
    && Array.isArray(v.labs) && v.labs.every((l) => isRecord(l) && typeof l.lab === 'string' && typeof l.title === 'string'
      && Array.isArray(l.questions) && l.questions.every((q) => isRecord(q) && typeof q.id === 'string' && typeof q.submitted === 'number'
        && typeof q.answered === 'number' && typeof q.right === 'number' && typeof q.missedByRoom === 'boolean'));
}

export function isWorkshopExport(v: unknown): v is WorkshopExport {
  return isRecord(v) && isRecord(v.workshop) && Array.isArray(v.participants)
    && v.participants.every((p) => isRecord(p) && typeof p.name === 'string' && Array.isArray(p.labs)
      && p.labs.every((l) => isRecord(l) && typeof l.lab === 'string' && Array.isArray(l.stepsPassed) && typeof l.stepsTotal === 'number' && isRecord(l.quiz)));
}

export function isRecordingSummary(v: unknown): v is RecordingSummary {
  return isRecord(v) && typeof v.id === 'string' && typeof v.lab === 'string' && typeof v.labTitle === 'string' && typeof v.castPath === 'string'
    && typeof v.startedAt === 'string' && typeof v.bytes === 'number' && typeof v.durationSeconds === 'number';
}

function isRecordingList(v: unknown): v is RecordingSummary[] {
  return Array.isArray(v) && v.every(isRecordingSummary);
}

function isRecordingSetting(v: unknown): v is WorkshopRecordingSetting {
  return isRecord(v) && typeof v.enabled === 'boolean';
}

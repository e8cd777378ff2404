/**
 * The instructor pages' calls: a workshop's results and recordings, a
 * recording's cast, signing in. The instructor key travels in the HttpOnly
 * cookie POST /api/instructor/login sets; these pages never hold it after
 * signing in. Failures become ApiRequestError, like the rest of the page.
 */
import type {
  RecordingSummary, WorkshopExport, WorkshopRecordingSetting, WorkshopResults,
} from '../../../common/src/results-api.js';
import { isRecord } from '../api-shapes.js';
import { jsonRequests } from '../json-requests.js';
import { workshopPath } from '../workshop/workshop-client.js';

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

export function createResultsApi(fetchImpl: typeof fetch = (...args) => fetch(...args)): ResultsApi {
  const { request, json } = jsonRequests(fetchImpl);


  return {
    results: (id, signal) => json('GET', `${workshopPath(id)}/results`, isWorkshopResults, { signal }),
    progress: (id, signal) => json('GET', `${workshopPath(id)}/export.json`, isWorkshopExport, { signal }),
    recordings: (id, signal) => json('GET', `${workshopPath(id)}/recordings`, isRecordingList, { signal }),
    recording: (id, signal) => json('GET', `/api/recordings/${encodeURIComponent(id)}`, isRecordingSummary, { signal }),
    async cast(recording, signal) {
      const response = await request('GET', recording.castPath, { headers: { accept: 'application/x-asciicast' }, signal });
      return response.text();
    },
    recordingSetting: (id, signal) => json('GET', `${workshopPath(id)}/recording`, isRecordingSetting, { signal }),
    setRecording: (id, enabled) => json('PUT', `${workshopPath(id)}/recording`, isRecordingSetting, { body: { enabled } }),
    async signIn(key) {
      await request('POST', '/api/instructor/login', { headers: { authorization: `Bearer ${key.trim()}` } });
    },
  };
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

/**
 * The workshop pages' calls (docs/api.md, "Workshops"): the instructor's
 * (their key travels in the HttpOnly cookie POST /api/instructor/login set)
 * and the learner's (their learner cookie, set by joining). Failures become
 * ApiRequestError like the rest of the page.
 */
import type { CreatedSession } from '../../../common/src/api.js';
import type {
  Announcement, CreatedWorkshop, JoinedWorkshop, KeyboardHolder, ParticipantView, WorkshopSummary, WorkshopView,
} from '../../../common/src/workshop-api.js';
import { isCreatedSession, isRecord } from '../api-shapes.js';
import { jsonRequests } from '../json-requests.js';

export interface NewWorkshopForm {
  title: string;
  labs: string[];
  maxParticipants?: number;
  stuckMinutes?: number;
}

export interface WorkshopApi {
  signIn(key: string): Promise<void>;
  signOut(): Promise<void>;
  list(signal?: AbortSignal): Promise<WorkshopSummary[]>;
  create(form: NewWorkshopForm): Promise<CreatedWorkshop>;
  get(id: string, signal?: AbortSignal): Promise<WorkshopView>;
  close(id: string): Promise<WorkshopSummary>;
  announce(id: string, message: string): Promise<Announcement>;
  startBroadcast(id: string, lab?: string): Promise<{ id: string; lab: string }>;
  stopBroadcast(id: string): Promise<void>;
  requestKeyboard(id: string, participantId: string): Promise<KeyboardHolder>;
  releaseKeyboard(id: string, participantId: string): Promise<void>;
  // The learner's side.
  join(code: string, name: string): Promise<JoinedWorkshop & { rejoined: boolean }>;
  me(signal?: AbortSignal): Promise<ParticipantView>;
  startLab(lab: string): Promise<CreatedSession>;
  answerKeyboard(sessionId: string, allow: boolean): Promise<KeyboardHolder>;
}

export const workshopPath = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

export function createWorkshopApi(fetchImpl: typeof fetch = (...args) => fetch(...args)): WorkshopApi {
  const { request, json } = jsonRequests(fetchImpl);


  const keyboard = (v: unknown): v is { keyboard: KeyboardHolder } => isRecord(v) && typeof v.keyboard === 'string';

  return {
    async signIn(key) {
      await request('POST', '/api/instructor/login', { headers: { authorization: `Bearer ${key.trim()}` } });
    },
    async signOut() {
      await request('POST', '/api/instructor/logout');
    },
    list: (signal) => json('GET', '/api/workshops', isSummaryList, { signal }),
    create: (form) => json('POST', '/api/workshops', isCreatedWorkshop, { body: form }),
    get: (id, signal) => json('GET', workshopPath(id), isWorkshopView, { signal }),
    close: (id) => json('POST', `${workshopPath(id)}/close`, isWorkshopSummary),
    announce: (id, message) => json('POST', `${workshopPath(id)}/announcements`, isAnnouncement, { body: { message } }),
    startBroadcast: (id, lab) => json('POST', `${workshopPath(id)}/broadcast`, isCreatedSession, { body: lab ? { lab } : {} }),
    async stopBroadcast(id) {
      await request('DELETE', `${workshopPath(id)}/broadcast`);
    },
    requestKeyboard: async (id, participantId) =>
      (await json('POST', `${workshopPath(id)}/participants/${encodeURIComponent(participantId)}/keyboard`, keyboard)).keyboard,
    async releaseKeyboard(id, participantId) {
      await request('DELETE', `${workshopPath(id)}/participants/${encodeURIComponent(participantId)}/keyboard`);
    },
    join: (code, name) => json('POST', '/api/workshops/join', isJoined, { body: { code, name } }),
    me: (signal) => json('GET', '/api/participant', isParticipantView, { signal }),
    startLab: (lab) => json('POST', '/api/participant/sessions', isCreatedSession, { body: { lab } }),
    answerKeyboard: async (sessionId, allow) => (await json('POST', '/api/participant/keyboard', keyboard, { body: { sessionId, allow } })).keyboard,
  };
}

export function isWorkshopSummary(v: unknown): v is WorkshopSummary {
  return isRecord(v) && typeof v.id === 'string' && typeof v.code === 'string' && typeof v.title === 'string'
    && Array.isArray(v.labs) && typeof v.participants === 'number' && (v.closedAt === null || typeof v.closedAt === 'string');
}

function isSummaryList(v: unknown): v is WorkshopSummary[] {
  return Array.isArray(v) && v.every(isWorkshopSummary);
}

function isCreatedWorkshop(v: unknown): v is CreatedWorkshop {
  return isRecord(v) && typeof v.id === 'string' && typeof v.code === 'string' && typeof v.joinPath === 'string';
}

export function isWorkshopView(v: unknown): v is WorkshopView {
  return isRecord(v) && isWorkshopSummary(v.workshop) && Array.isArray(v.participants) && Array.isArray(v.announcements)
    && v.participants.every((p) => isRecord(p) && typeof p.id === 'string' && typeof p.name === 'string' && typeof p.stepsPassed === 'number');
}

export function isAnnouncement(v: unknown): v is Announcement {
  return isRecord(v) && typeof v.id === 'number' && typeof v.message === 'string' && typeof v.sentAt === 'string';
}

function isJoined(v: unknown): v is JoinedWorkshop & { rejoined: boolean } {
  return isRecord(v) && isRecord(v.workshop) && typeof v.workshop.id === 'string' && isRecord(v.participant) && typeof v.participant.name === 'string';
}

export function isParticipantView(v: unknown): v is ParticipantView {
  return isRecord(v) && isRecord(v.workshop) && typeof v.workshop.title === 'string' && Array.isArray(v.workshop.labs)
    && isRecord(v.participant) && typeof v.participant.name === 'string' && Array.isArray(v.announcements) && typeof v.broadcasting === 'boolean';
}

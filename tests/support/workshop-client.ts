/** Calls the workshop API as a test would: as the instructor (their key), a learner (their token) or nobody. */
import type { CreatedSession } from '../../common/src/api.js';
import type { CreatedWorkshop, JoinedWorkshop } from '../../common/src/workshop-api.js';

/** What tests start servers with; 16+ characters as config demands. */
export const TEST_INSTRUCTOR_KEY = 'test-instructor-key-0123456789';

export interface As {
  /** Instructor key, sent as Bearer. */
  key?: string;
  /** Learner token, sent as X-Syslab-Learner. */
  learner?: string;
  headers?: Record<string, string>;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(server: { url: string }, method: string, path: string, as: As = {}, body?: unknown): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...as.headers };
  if (as.key) headers.authorization = `Bearer ${as.key}`;
  if (as.learner) headers['x-syslab-learner'] = as.learner;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch { /* not JSON */ }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function createWorkshop(server: { url: string }, labs = ['hello'], extra: Record<string, unknown> = {}): Promise<CreatedWorkshop> {
  const res = await call<CreatedWorkshop>(server, 'POST', '/api/workshops', { key: TEST_INSTRUCTOR_KEY }, { title: 'Test room', labs, ...extra });
  if (res.status !== 201) throw new Error(`create workshop: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function join(server: { url: string }, code: string, name: string): Promise<JoinedWorkshop> {
  const res = await call<JoinedWorkshop>(server, 'POST', '/api/workshops/join', {}, { code, name });
  if (res.status !== 201) throw new Error(`join: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function startLab(server: { url: string }, learner: string, lab = 'hello'): Promise<CreatedSession> {
  const res = await call<CreatedSession>(server, 'POST', '/api/participant/sessions', { learner }, { lab });
  if (res.status !== 201) throw new Error(`start lab: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

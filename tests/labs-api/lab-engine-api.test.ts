/**
 * The lab engine through the real server: real HTTP, real bubblewrap
 * sandboxes, real SQLite in the server's data directory. The learner's
 * actions are typed into the real terminal; checks look at the real result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabPublicView } from '../../common/src/lab-api.js';
import type { LabProgress, QuizGraded, StepCheck, StepOpened } from '../../common/src/guide-api.js';
import { startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

const PROMPT = /\$ (\x1b\[\?2004h)?$/;

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-engine-api-'));
  server = await startServer({ dataDir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Reply<T = unknown> {
  status: number;
  body: T;
  setCookies: string[];
}

async function call<T = unknown>(
  srv: { url: string }, method: string, urlPath: string,
  o: { token?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined || o.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${srv.url}${urlPath}`, {
    method, headers, body: o.rawBody ?? (o.body === undefined ? null : JSON.stringify(o.body)),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, setCookies: res.headers.getSetCookie() };
}

interface Created { id: string; token: string; lab: string; learner?: string }

async function newSession(srv: { url: string }, headers: Record<string, string> = {}): Promise<Reply<Created>> {
  const r = await call<Created>(srv, 'POST', '/api/sessions', { body: { lab: 'hello' }, headers });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

async function shell(srv: { url: string }, s: Created): Promise<TerminalClient> {
  const term = await TerminalClient.connect(srv.url, s.id, { token: s.token });
  await term.waitFor(PROMPT, 15_000);
  return term;
}

const check = (srv: { url: string }, s: Created, index: number | string) =>
  call<StepCheck>(srv, 'POST', `/api/sessions/${s.id}/steps/${index}/check`, { token: s.token });
const open = (srv: { url: string }, s: Created, index: number) =>
  call<StepOpened>(srv, 'POST', `/api/sessions/${s.id}/steps/${index}/open`, { token: s.token });
const progress = (srv: { url: string }, s: Created) =>
  call<LabProgress>(srv, 'GET', `/api/sessions/${s.id}/progress`, { token: s.token });
const quiz = (srv: { url: string }, s: Created, answers: unknown) =>
  call<QuizGraded>(srv, 'POST', `/api/sessions/${s.id}/quiz`, { token: s.token, body: { answers } });

/** Log lines reach the test through a pipe, possibly after the HTTP answer: wait for them. */
async function logsMatching(srv: RunningServer, test: (line: Record<string, unknown>) => boolean): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 100; i++) {
    const found = srv.logs.filter(test);
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

function cookieValue(setCookies: string[], name: string): string | undefined {
  const c = setCookies.find((h) => h.startsWith(`${name}=`));
  return c ? decodeURIComponent(c.slice(name.length + 1).split(';')[0]!) : undefined;
}

describe('GET /api/labs/<id>', () => {
  it('returns the public view: steps from 1, quiz questions without answers, explanations, patterns or commands', async () => {
    const r = await call<LabPublicView>(server, 'GET', '/api/labs/hello');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'hello', title: 'Hello, shell', level: 'beginner' });
    expect(r.body.steps.map((s) => [s.index, s.title, s.view])).toEqual([
      [1, 'Make a file', undefined], [2, 'Run a program in the background', 'processes'], [3, 'Stop it', 'processes'],
    ]);
    expect(r.body.steps[0]!.text).toContain('```run');
    expect(r.body.quiz.map((q) => Object.keys(q).sort())).toEqual([
      ['choices', 'id', 'prompt', 'type'], ['choices', 'id', 'prompt', 'type'], ['id', 'prompt', 'type'], ['id', 'prompt', 'type'], ['id', 'prompt', 'type'],
    ]);
    const json = JSON.stringify(r.body);
    for (const secret of ['"answer"', 'explanation', 'pattern', '"command"', 'tolerance', 'verify.sh', '/work/']) expect(json).not.toContain(secret);
  });

  it('404s an unknown lab', async () => {
    const r = await call<{ error: { code: string; message: string } }>(server, 'GET', '/api/labs/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({ code: 'lab_not_found', message: 'no lab with id "nope"; GET /api/labs lists them' });
  });
});

describe('learner identity', () => {
  it('makes a new learner with an HttpOnly, SameSite=Strict, Path=/ cookie, and reuses it when sent back', async () => {
    const first = await newSession(server);
    expect(first.body.learner).toMatch(/^[\w-]{43}$/);
    const header = first.setCookies.find((c) => c.startsWith('syslab_learner='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Strict/i);
    expect(header).toMatch(/Path=\/(;|$)/);
    expect(header).toMatch(/Max-Age=\d+/);
    expect(cookieValue(first.setCookies, 'syslab_learner')).toBe(first.body.learner);

    const again = await newSession(server, { cookie: `syslab_learner=${first.body.learner}` });
    expect(again.body.learner).toBeUndefined();
    const byHeader = await newSession(server, { 'x-syslab-learner': first.body.learner! });
    expect(byHeader.body.learner).toBeUndefined();
    expect(cookieValue(byHeader.setCookies, 'syslab_learner')).toBeUndefined();

    // A stale cookie (say, the data directory was wiped) quietly gets a new learner.
    const stale = await newSession(server, { cookie: 'syslab_learner=not-a-learner' });
    expect(stale.body.learner).toMatch(/^[\w-]{43}$/);
    expect(stale.body.learner).not.toBe(first.body.learner);
    for (const s of [first, again, byHeader, stale]) await call(server, 'DELETE', `/api/sessions/${s.body.id}`, { token: s.body.token });
  });

  it('refuses an X-Syslab-Learner header that names no learner', async () => {
    const r = await call<{ error: { code: string; message: string } }>(server, 'POST', '/api/sessions', {
      body: { lab: 'hello' }, headers: { 'x-syslab-learner': 'wrong' },
    });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unknown_learner');
    expect(r.body.error.message).toMatch(/x-syslab-learner header names no learner/);
  });
});

describe('steps', () => {
  it('fails a check with the lab\'s hint, then passes once the learner has done the step in the terminal', async () => {
    const { body: s } = await newSession(server);
    const term = await shell(server, s);
    expect((await check(server, s, 1)).body).toEqual({ passed: false, hint: 'There is no hello.txt in your home yet: run the echo command above.' });
    await term.run("echo 'hello, shell!' > hello.txt");
    expect((await check(server, s, 1)).body).toEqual({ passed: false, hint: 'hello.txt is there but does not say exactly: hello, shell' });
    await term.run("echo 'hello, shell' > hello.txt");
    expect((await check(server, s, 1)).body).toEqual({ passed: true, hint: null });
    const passLog = await logsMatching(server, (l) => l.msg === 'step checked' && l.session === s.id && l.passed === true);
    expect(passLog).toEqual([expect.objectContaining({ lab: 'hello', step: 1, dir: '01-make-a-file', durationMs: expect.any(Number) })]);

    // Step 2 looks at kernel state: a sleep in the foreground is not enough.
    term.type('sleep 1000\r');
    await new Promise((r) => setTimeout(r, 300));
    expect((await check(server, s, 2)).body.hint).toMatch(/^sleep is in the foreground/);
    term.type('\x03');
    await term.run('sleep 1000 & :');
    expect((await check(server, s, 2)).body).toEqual({ passed: true, hint: null });

    // A passed step stays passed, even when undone.
    await term.run('rm hello.txt');
    expect((await check(server, s, 1)).body).toEqual({ passed: true, hint: null });
    expect((await progress(server, s)).body).toMatchObject({ lab: 'hello', steps: 3, passed: [1, 2], current: 3 });
    term.close();
  });

  it('runs setup.sh when a step opens, once per session, and its state is what verify.sh then sees', async () => {
    const { body: s } = await newSession(server);
    const term = await shell(server, s);
    expect((await open(server, s, 1)).body).toEqual({ index: 1, passed: false, setup: 'none' });
    expect((await open(server, s, 3)).body).toEqual({ index: 3, passed: false, setup: 'ran' });
    expect((await open(server, s, 3)).body).toEqual({ index: 3, passed: false, setup: 'already' });
    expect(await term.run('pgrep -c -x sleep')).toMatch(/[\r\n]1\r\n/);
    const { hint } = (await check(server, s, 3)).body;
    const pid = /PID (\d+)/.exec(hint ?? '')?.[1];
    expect(pid, hint ?? '').toBeDefined();
    await term.run(`kill ${pid}`);
    expect((await check(server, s, 3)).body).toEqual({ passed: true, hint: null });
    term.close();
  });

  it('answers concurrent checks of one step alike, without piling up', async () => {
    const { body: s } = await newSession(server);
    const results = await Promise.all(Array.from({ length: 6 }, () => check(server, s, 1)));
    expect(new Set(results.map((r) => JSON.stringify([r.status, r.body]))).size).toBe(1);
    const ran = (await logsMatching(server, (l) => l.msg === 'step checked' && l.session === s.id)).length;
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(ran).toBeLessThanOrEqual(6);
  });
});

describe('quiz', () => {
  it('grades every question type on the server, the live one against the learner\'s own sandbox, and records attempts', async () => {
    const { body: s } = await newSession(server);
    const term = await shell(server, s);
    const pid = /pid=(\d+)/.exec(await term.run('echo pid=$$'))![1]!;

    const right = await quiz(server, s, { ampersand: 1, 'see-the-sleep': [1, 0], 'sleep-seconds': 120, 'print-a-file': 'less hello.txt', 'shell-pid': pid });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ score: 5, max: 5, attempt: 1 });
    expect(right.body.results.find((r) => r.id === 'shell-pid')).toMatchObject({ correct: true, given: pid, expected: pid });
    expect(right.body.results.every((r) => r.explanation.length > 0)).toBe(true);

    const wrong = await quiz(server, s, { ampersand: 0, 'see-the-sleep': [0], 'sleep-seconds': 2, 'print-a-file': 'echo', 'shell-pid': Number(pid) + 1 });
    expect(wrong.body).toMatchObject({ score: 0, max: 5, attempt: 2 });
    expect(wrong.body.results.map((r) => [r.id, r.correct, r.expected])).toEqual([
      ['ampersand', false, 1], ['see-the-sleep', false, [0, 1]], ['sleep-seconds', false, 120], ['print-a-file', false, 'cat'], ['shell-pid', false, pid],
    ]);

    const partial = await quiz(server, s, { 'sleep-seconds': 120 });
    expect(partial.body).toMatchObject({ score: 1, attempt: 3 });
    expect(partial.body.results[0]).toMatchObject({ id: 'ampersand', correct: false, given: null, expected: 1 });

    const p = (await progress(server, s)).body;
    expect(p.quiz.attempts.map((a) => [a.attempt, a.score, a.max])).toEqual([[1, 5, 5], [2, 0, 5], [3, 1, 5]]);
    expect(p.quiz.best).toMatchObject({ attempt: 1, score: 5 });
    term.close();
  });
});

describe('bad requests', () => {
  let s: Created;
  beforeAll(async () => {
    s = (await newSession(server)).body;
  });

  it.each([
    ['a step number that is not a number', 400, 'bad_request', /"abc" is not a step number/, () => check(server, s, 'abc')],
    ['step 0', 404, 'step_not_found', /lab "hello" has 3 steps, numbered from 1 to 3; there is no step 0/, () => check(server, s, 0)],
    ['step 4', 404, 'step_not_found', /there is no step 4/, () => check(server, s, 4)],
    ['opening step 9', 404, 'step_not_found', /there is no step 9/, () => open(server, s, 9)],
    ['a choice index as a string', 400, 'bad_request', /^question "ampersand" \(single choice\): the answer must be the index of one choice/, () => quiz(server, s, { ampersand: '1' })],
    ['a choice out of range', 400, 'bad_request', /^question "see-the-sleep" \(multiple choice\): every index must be a whole number from 0 to 3/, () => quiz(server, s, { 'see-the-sleep': [0, 9] })],
    ['a number as a string', 400, 'bad_request', /^question "sleep-seconds" \(a number\)/, () => quiz(server, s, { 'sleep-seconds': '120' })],
    ['an unknown question', 400, 'bad_request', /^there is no question "nope" in this quiz; its questions are "ampersand"/, () => quiz(server, s, { nope: 1 })],
    ['answers that are not an object', 400, 'bad_request', /"answers" must be an object/, () => quiz(server, s, [1, 2])],
    ['a body that is not JSON', 400, 'bad_request', /not valid JSON/, () => call(server, 'POST', `/api/sessions/${s.id}/quiz`, { token: s.token, rawBody: '{answers' })],
  ] as const)('%s → %i', async (_what, status, code, message, request) => {
    const r = (await request()) as Reply<{ error: { code: string; message: string } }>;
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
  });

  it('records nothing for a refused quiz', async () => {
    expect((await progress(server, s)).body.quiz.attempts).toEqual([]);
  });
});

describe('credentials', () => {
  it('refuses a missing or wrong token and another session\'s token with 401; an unknown session is 404', async () => {
    const { body: a } = await newSession(server);
    const { body: b } = await newSession(server);
    const routes: Array<[string, string]> = [
      ['POST', `/api/sessions/${a.id}/steps/1/check`],
      ['POST', `/api/sessions/${a.id}/steps/1/open`],
      ['GET', `/api/sessions/${a.id}/progress`],
      ['POST', `/api/sessions/${a.id}/quiz`],
    ];
    for (const [method, url] of routes) {
      const body = method === 'POST' ? { answers: {} } : undefined;
      expect((await call(server, method, url, { body })).status, `${method} ${url} without a token`).toBe(401);
      expect((await call(server, method, url, { body, token: 'wrong' })).status, `${method} ${url} with a wrong token`).toBe(401);
      expect((await call(server, method, url, { body, token: b.token })).status, `${method} ${url} with another session's token`).toBe(401);
      expect((await call(server, method, url.replace(a.id, 'saaaaaaaaaaaaaaaaaaaa'), { body, token: a.token })).status).toBe(404);
    }
    // The session cookie works like the bearer token.
    const byCookie = await call<LabProgress>(server, 'GET', `/api/sessions/${a.id}/progress`, { headers: { cookie: `syslab_session=${a.token}` } });
    expect(byCookie.status).toBe(200);
  });
});

describe('persistence', () => {
  it('keeps steps passed and quiz attempts across a server restart, for the same learner only', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-restart-'));
    try {
      let srv = await startServer({ dataDir: dir });
      const first = await newSession(srv);
      const learner = first.body.learner!;
      const term = await shell(srv, first.body);
      await term.run("echo 'hello, shell' > hello.txt");
      expect((await check(srv, first.body, 1)).body.passed).toBe(true);
      expect((await quiz(srv, first.body, { ampersand: 1 })).body.score).toBe(1);
      term.close();
      expect(await srv.stop()).toBe(0);

      srv = await startServer({ dataDir: dir });
      try {
        // Same learner by cookie (a browser) and by header (a script): progress is there.
        const byCookie = await newSession(srv, { cookie: `syslab_learner=${learner}` });
        expect(byCookie.body.learner).toBeUndefined();
        const p = (await progress(srv, byCookie.body)).body;
        expect(p).toMatchObject({ passed: [1], current: 2, quiz: { attempts: [{ attempt: 1, score: 1, max: 5 }] } });
        // The new sandbox has no hello.txt, but a passed step stays passed.
        expect((await check(srv, byCookie.body, 1)).body).toEqual({ passed: true, hint: null });
        const byHeader = await newSession(srv, { 'x-syslab-learner': learner });
        expect((await progress(srv, byHeader.body)).body.passed).toEqual([1]);
        // A new learner starts from nothing.
        const stranger = await newSession(srv);
        expect((await progress(srv, stranger.body)).body).toMatchObject({ passed: [], current: 1, quiz: { attempts: [], best: null } });
        expect((await check(srv, stranger.body, 1)).body.passed).toBe(false);
      } finally {
        await srv.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Workshops through the real server, sandboxes and sockets: create, join,
 * progress on the dashboard, shadowing with and without the keyboard,
 * broadcast, announcements, limits, close, and a restart that keeps it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantStatus, WorkshopSummary, WorkshopView } from '../../common/src/workshop-api.js';
import { shadowTerminalPath, BROADCAST_TERMINAL_PATH, KEYBOARD_RETURNED_CLOSE_CODE } from '../../common/src/workshop-api.js';
import { startServer, type RunningServer } from '../support/server.js';
import { SseClient } from '../support/sse-client.js';
import { TerminalClient } from '../support/terminal-client.js';
import { call, createWorkshop, join, startLab, TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';

const key = TEST_INSTRUCTOR_KEY;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-workshops-'));
  server = await startServer({ dataDir, env: { SYSLAB_INSTRUCTOR_KEY: key } });
});
afterAll(async () => {
  await server?.stop();
  const { rmSync } = await import('node:fs');
  rmSync(dataDir, { recursive: true, force: true });
});

const view = async (id: string) => (await call<WorkshopView>(server, 'GET', `/api/workshops/${id}`, { key })).body;
const row = (v: WorkshopView, name: string) => v.participants.find((p) => p.name === name) as ParticipantStatus | undefined;
const owner = (sessionId: string, token: string) => TerminalClient.connect(server.url, sessionId, { token });

describe('creating and joining', () => {
  it('creates a workshop with a short code and a link, and lists it', async () => {
    const res = await call(server, 'POST', '/api/workshops', { key }, { title: '  Signals, room 2 ', labs: ['hello', 'signals', 'hello'] });
    expect(res.status).toBe(201);
    const created = res.body as { id: string; code: string; joinPath: string };
    expect(created.code).toMatch(/^[ACDEFGHJKMNPQRTWXY34679]{3}-[ACDEFGHJKMNPQRTWXY34679]{3}$/);
    expect(created.joinPath).toBe(`/join/${created.code}`);
    expect(res.headers.get('location')).toBe(`/api/workshops/${created.id}`);
    const list = (await call<WorkshopSummary[]>(server, 'GET', '/api/workshops', { key })).body;
    expect(list[0]).toMatchObject({ id: created.id, title: 'Signals, room 2', labs: ['hello', 'signals'], participants: 0, closedAt: null });
  });

  it('refuses a bad workshop with a clear 4xx', async () => {
    expect((await call(server, 'POST', '/api/workshops', { key }, { title: 'x', labs: ['nope'] })).body)
      .toMatchObject({ error: { code: 'lab_not_found', message: expect.stringContaining('"nope"') } });
    expect((await call(server, 'POST', '/api/workshops', { key }, { title: '', labs: ['hello'] })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops', { key }, { title: 'x', labs: [] })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops', { key }, { title: 'x', labs: ['hello'], maxParticipants: 0 })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops', { key }, { title: 'x', labs: ['hello'], extra: 1 })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops', {}, { title: 'x', labs: ['hello'] })).status).toBe(401);
    expect((await call(server, 'POST', '/api/workshops', { key: 'wrong-key-wrong-key' }, { title: 'x', labs: ['hello'] })).status).toBe(401);
  });

  it('joins by code as typed, cleans names, numbers duplicates, and gives a rejoining browser its place back', async () => {
    const w = await createWorkshop(server);
    const typed = w.code.toLowerCase().replace('-', ' ');
    const ana = await call<{ participant: { name: string }; learner: string }>(server, 'POST', '/api/workshops/join', {}, { code: typed, name: ' Ana\u001b[31m ' });
    expect(ana.status).toBe(201);
    expect(ana.body.participant.name).toBe('Ana[31m');
    expect(ana.headers.get('set-cookie')).toMatch(/syslab_learner=.*HttpOnly/i);
    // The page's hint that this browser joined (it asks GET /api/participant only then): readable, and no credential.
    const hint = ana.headers.getSetCookie().find((c) => c.startsWith('syslab_workshop='));
    expect(hint).toMatch(/^syslab_workshop=1;.*SameSite=Strict/i);
    expect(hint).not.toMatch(/HttpOnly/i);
    const second = await join(server, w.code, 'ana[31m');
    expect(second.participant.name).toBe('ana[31m (2)');
    const again = await call<{ participant: { id: string }; rejoined: boolean }>(server, 'POST', '/api/workshops/join', { learner: ana.body.learner }, { code: w.code, name: 'Whatever' });
    expect(again.status).toBe(200);
    expect(again.body.rejoined).toBe(true);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('syslab_workshop=1;'))).toBe(true);
    expect((await view(w.id)).participants.map((p) => p.name)).toEqual(['Ana[31m', 'ana[31m (2)']);
    expect((await call(server, 'POST', '/api/workshops/join', {}, { code: w.code, name: '\u200b ' })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops/join', {}, { code: 'ABC', name: 'Bo' })).status).toBe(400);
    expect((await call(server, 'POST', '/api/workshops/join', {}, { code: 'AAA-AAA', name: 'Bo' })).status).toBe(404);
  });

  it('holds the room to its participant and session limits', async () => {
    const w = await createWorkshop(server, ['hello'], { maxParticipants: 2, maxSessions: 1 });
    const a = await join(server, w.code, 'A');
    const b = await join(server, w.code, 'B');
    expect((await call(server, 'POST', '/api/workshops/join', {}, { code: w.code, name: 'C' })).body).toMatchObject({ error: { code: 'workshop_full' } });
    await startLab(server, a.learner);
    expect((await call(server, 'POST', '/api/participant/sessions', { learner: b.learner }, { lab: 'hello' })).body)
      .toMatchObject({ error: { code: 'too_many_sessions' } });
    expect((await call(server, 'POST', '/api/participant/sessions', { learner: b.learner }, { lab: 'signals' })).body)
      .toMatchObject({ error: { code: 'lab_not_in_workshop' } });
    await call(server, 'POST', `/api/workshops/${w.id}/close`, { key });
  });
});

describe('session limits under a burst', () => {
  it('never lets a room run more sandboxes than its limit, even when everyone starts at once', async () => {
    const w = await createWorkshop(server, ['hello'], { maxSessions: 2 });
    const learners = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((n) => join(server, w.code, n)));
    const answers = await Promise.all(learners.map((l) => call(server, 'POST', '/api/participant/sessions', { learner: l.learner }, { lab: 'hello' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429]);
    // Opening the same lab again replaces the learner's sandbox, within the limit.
    const winner = learners[answers.findIndex((a) => a.status === 201)]!;
    expect((await call(server, 'POST', '/api/participant/sessions', { learner: winner.learner }, { lab: 'hello' })).status).toBe(201);
    expect((await view(w.id)).participants.filter((p) => p.sessionId !== null)).toHaveLength(2);
    await call(server, 'POST', `/api/workshops/${w.id}/close`, { key });
  });
});

describe('a running workshop', () => {
  it('shows progress live, stuck learners, and lets the instructor shadow, take the keyboard, broadcast and announce', async () => {
    const w = await createWorkshop(server, ['hello'], { stuckMinutes: 60 });
    const dashboard = await SseClient.open(`${server.url}/api/workshops/${w.id}/events`, key);
    const ana = await join(server, w.code, 'Ana');
    const learnerEvents = await SseClient.open(`${server.url}/api/participant/events`, { 'x-syslab-learner': ana.learner });
    await learnerEvents.waitFor((e) => e.event === 'hello');
    await dashboard.waitFor((e) => e.event === 'workshop' && (e.data as WorkshopView).participants.length === 1);

    const s = await startLab(server, ana.learner);
    const terminal = await owner(s.id, s.token);
    await terminal.run('echo before-the-instructor-looked');
    const started = await dashboard.waitFor((e) => e.event === 'workshop' && row(e.data as WorkshopView, 'Ana')?.online === true);
    expect(row(started.data as WorkshopView, 'Ana')).toMatchObject({ lab: 'hello', step: 1, stepsPassed: 0, steps: 3, stuck: false, sessionId: s.id });

    // Failed checks the learner asked for make them stuck; background polls do not count.
    const check = (body: unknown) => call(server, 'POST', `/api/sessions/${s.id}/steps/1/check`, { headers: { authorization: `Bearer ${s.token}` } }, body);
    for (let i = 0; i < 3; i++) await check({});
    expect(row(await view(w.id), 'Ana')).toMatchObject({ failedChecks: 0, stuck: false });
    for (let i = 0; i < 3; i++) await check({ manual: true });
    expect(row(await view(w.id), 'Ana')).toMatchObject({ failedChecks: 3, stuck: true, stuckReason: '3 failed checks on this step' });
    expect((await check({ manual: 'yes' })).status).toBe(400);

    await terminal.run("echo 'hello, shell' > ~/hello.txt");
    expect((await check({ manual: true })).body).toMatchObject({ passed: true });
    const progressed = await dashboard.waitFor((e) => e.event === 'workshop' && row(e.data as WorkshopView, 'Ana')?.stepsPassed === 1);
    expect(row(progressed.data as WorkshopView, 'Ana')).toMatchObject({ step: 2, stepTitle: 'Run a program in the background', stuck: false, failedChecks: 0 });

    // Shadowing: the screen so far, then live output; the watcher's typing goes nowhere.
    const shadow = await TerminalClient.connectPath(server.url, shadowTerminalPath(w.id, s.id), { token: key });
    expect((await shadow.waitForMessage('hello')).role).toBe('watcher');
    await shadow.waitFor('before-the-instructor-looked');
    shadow.type('echo typed-by-the-watcher\r');
    await terminal.run('echo live-after-shadowing');
    await shadow.waitFor('live-after-shadowing');
    expect(terminal.output).not.toContain('typed-by-the-watcher');
    // The shadow draws at the learner's size, and follows it.
    terminal.control({ type: 'resize', cols: 101, rows: 31 });
    expect(await shadow.waitForMessage('resize')).toEqual({ type: 'resize', cols: 101, rows: 31 });

    // The keyboard: refused without consent, granted, then taken back.
    await expect(TerminalClient.connectPath(server.url, `${shadowTerminalPath(w.id, s.id)}?mode=control`, { token: key }))
      .rejects.toMatchObject({ status: 403 });
    const participantId = row(await view(w.id), 'Ana')!.id;
    expect((await call(server, 'POST', `/api/workshops/${w.id}/participants/${participantId}/keyboard`, { key })).body).toEqual({ keyboard: 'requested' });
    await learnerEvents.waitFor((e) => e.event === 'keyboard' && (e.data as { holder: string }).holder === 'requested');
    expect((await call(server, 'POST', '/api/participant/keyboard', { learner: ana.learner }, { sessionId: s.id, allow: true })).body).toEqual({ keyboard: 'instructor' });
    expect(row(await view(w.id), 'Ana')?.keyboard).toBe('instructor');
    const control = await TerminalClient.connectPath(server.url, `${shadowTerminalPath(w.id, s.id)}?mode=control`, { token: key });
    expect((await control.waitForMessage('hello')).role).toBe('owner');
    control.type('echo typed-by-the-instructor\r');
    await terminal.waitFor('typed-by-the-instructor');
    await call(server, 'POST', '/api/participant/keyboard', { learner: ana.learner }, { sessionId: s.id, allow: false });
    expect(await control.waitClosed()).toBe(KEYBOARD_RETURNED_CLOSE_CODE);
    await learnerEvents.waitFor((e) => e.event === 'keyboard' && (e.data as { holder: string }).holder === 'learner');

    // Broadcast: the instructor's own terminal, read-only for the room.
    await expect(TerminalClient.connectPath(server.url, BROADCAST_TERMINAL_PATH, { headers: { 'x-syslab-learner': ana.learner } }))
      .rejects.toMatchObject({ status: 404 });
    const b = await call<{ id: string; token: string; lab: string }>(server, 'POST', `/api/workshops/${w.id}/broadcast`, { key }, {});
    expect(b.status).toBe(201);
    await learnerEvents.waitFor((e) => e.event === 'broadcast' && (e.data as { broadcasting: boolean }).broadcasting);
    const mine = await owner(b.body.id, b.body.token);
    await mine.run('echo shared-with-the-room');
    const watching = await TerminalClient.connectPath(server.url, BROADCAST_TERMINAL_PATH, { headers: { 'x-syslab-learner': ana.learner } });
    expect((await watching.waitForMessage('hello')).role).toBe('watcher');
    await watching.waitFor('shared-with-the-room');
    watching.type('echo learner-typing-into-broadcast\r');
    await mine.run('echo still-mine');
    await watching.waitFor('still-mine');
    expect(mine.output).not.toContain('learner-typing-into-broadcast');
    expect((await view(w.id)).broadcast).toEqual({ sessionId: b.body.id, lab: 'hello' });

    // Announcements reach the learner at once.
    expect((await call(server, 'POST', `/api/workshops/${w.id}/announcements`, { key }, { message: 'Break until 11:00' })).status).toBe(201);
    const note = await learnerEvents.waitFor((e) => e.event === 'announcement');
    expect(note.data).toMatchObject({ message: 'Break until 11:00' });
    expect((await call(server, 'POST', `/api/workshops/${w.id}/announcements`, { key }, { message: '' })).status).toBe(400);

    // Closing ends every sandbox, keeps the roster and its results.
    const closed = await call<WorkshopSummary>(server, 'POST', `/api/workshops/${w.id}/close`, { key });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    await learnerEvents.waitFor((e) => e.event === 'closed');
    expect(await terminal.waitClosed()).toBe(4000);
    expect(await watching.waitClosed()).toBe(4000);
    expect((await call(server, 'GET', `/api/sessions/${s.id}`, { headers: { authorization: `Bearer ${s.token}` } })).status).toBe(404);
    expect((await call(server, 'POST', '/api/workshops/join', {}, { code: w.code, name: 'Late' })).body).toMatchObject({ error: { code: 'workshop_closed' } });
    expect((await call(server, 'POST', '/api/participant/sessions', { learner: ana.learner }, { lab: 'hello' })).status).toBe(410);
    expect(row(await view(w.id), 'Ana')).toMatchObject({ stepsPassed: 1, sessionId: null, online: false });
    for (const c of [dashboard, learnerEvents]) c.close();
    for (const t of [shadow, mine]) t.close();
  });

  it('keeps workshops, rosters and progress across a restart', async () => {
    const w = await createWorkshop(server, ['hello']);
    const bo = await join(server, w.code, 'Bo');
    const s = await startLab(server, bo.learner);
    const t = await owner(s.id, s.token);
    await t.run("echo 'hello, shell' > ~/hello.txt");
    await call(server, 'POST', `/api/sessions/${s.id}/steps/1/check`, { headers: { authorization: `Bearer ${s.token}` } }, {});
    t.close();
    await server.stop();
    server = await startServer({ dataDir, env: { SYSLAB_INSTRUCTOR_KEY: key } });
    const after = await view(w.id);
    expect(after.workshop).toMatchObject({ id: w.id, code: w.code, closedAt: null, participants: 1 });
    expect(row(after, 'Bo')).toMatchObject({ lab: 'hello', stepsPassed: 1, step: 2, sessionId: null });
    // The learner's credential still works, and the room still takes people.
    expect((await call(server, 'GET', '/api/participant', { learner: bo.learner })).body).toMatchObject({ participant: { name: 'Bo' } });
    expect((await join(server, w.code, 'Cy')).participant.name).toBe('Cy');
  });
});

describe('signing a browser in', () => {
  it('trades the key for a cookie that is not the key, and signing out revokes it on the server', async () => {
    const login = await call(server, 'POST', '/api/instructor/login', { key });
    expect(login.status).toBe(204);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/syslab_instructor=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).not.toContain(key);
    expect((await call(server, 'GET', '/api/instructor', { headers: { cookie } })).status).toBe(200);
    expect((await call(server, 'POST', '/api/instructor/logout', { headers: { cookie } })).status).toBe(204);
    // The same cookie, replayed after signing out, is a stranger's.
    expect((await call(server, 'GET', '/api/instructor', { headers: { cookie } })).status).toBe(401);
  });
});

describe('the instructor key', () => {
  it('is generated on the first start without one, printed once, and kept (hashed) for the next start', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-key-'));
    try {
      const first = await startServer({ dataDir: dir });
      const printed = /instructor key: (\S+)/.exec(first.stderr())?.[1];
      expect(printed).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await call(first, 'GET', '/api/instructor', { key: printed })).status).toBe(200);
      await first.stop();
      const second = await startServer({ dataDir: dir });
      expect(second.stderr()).not.toContain('instructor key:');
      expect((await call(second, 'GET', '/api/instructor', { key: printed })).status).toBe(200);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed requests to the workshop routes', () => {
  it('get a clear 4xx naming the problem, never a 500, and lose nothing', async () => {
    const w = await createWorkshop(server, ['hello']);
    const ana = await join(server, w.code, 'Ana');
    const weird: unknown[] = [null, 1, 'x', [], {}, { title: 1 }, { title: 'x', labs: 'hello' }, { title: 'x'.repeat(500), labs: ['hello'] },
      { title: 'x', labs: Array(50).fill('hello') }, { title: 'x', labs: ['hello'], maxSessions: -1 }, { title: 'x', labs: ['hello'], stuckMinutes: 1e9 },
      { code: 5, name: 'x' }, { code: w.code, name: 'x'.repeat(500) }, { code: w.code }, { message: 'x'.repeat(600) }, { message: 7 },
      { lab: ['hello'] }, { lab: '' }, { sessionId: 's', allow: 'yes' }, { __proto__: { admin: true } }, { constructor: 1 }];
    const outcomes: Array<{ what: string; status: number; body: unknown }> = [];
    const probe = async (method: string, path: string, as: Parameters<typeof call>[3], body?: unknown) => {
      const res = await call<{ error?: { code?: unknown; message?: unknown } }>(server, method, path, as, body);
      outcomes.push({ what: `${method} ${path} ${JSON.stringify(body)}`, status: res.status, body: res.body });
    };
    for (const b of weird) {
      await probe('POST', '/api/workshops', { key }, b);
      await probe('POST', '/api/workshops/join', {}, b);
      await probe('POST', `/api/workshops/${w.id}/announcements`, { key }, b);
      // `{}` is a good broadcast body (the first lab).
      if (JSON.stringify(b) !== '{}') await probe('POST', `/api/workshops/${w.id}/broadcast`, { key }, b);
      await probe('POST', '/api/participant/sessions', { learner: ana.learner }, b);
      await probe('POST', '/api/participant/keyboard', { learner: ana.learner }, b);
    }
    for (const p of ['x', '%00', 'w' + 'a'.repeat(400), '..%2F..', '%ZZ', 'wxxxxxxxxxxxxxxxx']) {
      await probe('GET', `/api/workshops/${p}`, { key });
      await probe('POST', `/api/workshops/${p}/close`, { key });
      await probe('POST', `/api/workshops/${w.id}/participants/${p}/keyboard`, { key });
      await probe('DELETE', `/api/workshops/${w.id}/participants/${p}/keyboard`, { key });
    }
    const bad = outcomes.filter((o) => {
      const b = o.body as { error?: { code?: unknown; message?: unknown } } | null;
      return o.status < 400 || o.status >= 500 || typeof b?.error?.code !== 'string' || typeof b.error.message !== 'string';
    });
    expect(bad.map((o) => `${o.status} ${o.what}`)).toEqual([]);
    for (const p of ['%ZZ', 'x', 'w' + 'a'.repeat(400)]) {
      await expect(TerminalClient.connectPath(server.url, shadowTerminalPath(w.id, p).replace(encodeURIComponent(p), p), { token: key }))
        .rejects.toMatchObject({ status: 404 });
    }
    expect(server.logs.filter((l) => l.msg === 'unhandled error')).toEqual([]);
    // The room is as it was: one learner, open, nothing broadcast.
    expect(await view(w.id)).toMatchObject({ workshop: { participants: 1, closedAt: null }, broadcast: null, announcements: [] });
  });
});

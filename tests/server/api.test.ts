/**
 * The HTTP contract of docs/api.md against the real server: status codes,
 * error shapes, cookies, and the WebSocket upgrade's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants } from '../sandbox/sandbox-harness.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { HandshakeRefused, TerminalClient } from '../support/terminal-client.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function refusedWith(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HandshakeRefused) return err.status;
    throw err;
  }
  throw new Error('handshake was accepted');
}

describe('HTTP API', () => {
  it('GET /healthz → 200', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('GET /api/labs lists labs with id, title, summary and step count', async () => {
    const res = await fetch(`${server.url}/api/labs`);
    expect(res.status).toBe(200);
    const labs = (await res.json()) as Array<Record<string, unknown>>;
    const hello = labs.find((l) => l.id === 'hello');
    expect(hello).toBeDefined();
    expect(Object.keys(hello!).sort()).toEqual(['id', 'steps', 'summary', 'title']);
    expect(hello!.steps).toBeGreaterThanOrEqual(1);
  });

  it('POST /api/sessions → 201 with id, token and an HttpOnly SameSite=Strict cookie scoped to the session', async () => {
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab: 'hello' }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; token: string };
    expect(body.id).toMatch(/^s[a-z2-7]{20}$/);
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toContain(`syslab_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toContain(`Path=/api/sessions/${body.id}`);
    const del = await fetch(`${server.url}/api/sessions/${body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${body.token}` } });
    expect(del.status).toBe(204);
  });

  it.each([
    ['not JSON', 'lab=hello', 400, 'bad_request'],
    ['missing lab', '{}', 400, 'bad_request'],
    ['lab of the wrong type', '{"lab": 42}', 400, 'bad_request'],
    ['unknown fields', '{"lab": "hello", "admin": true}', 400, 'bad_request'],
    ['a JSON array', '[1,2]', 400, 'bad_request'],
    ['an unknown lab', '{"lab": "no-such-lab"}', 404, 'lab_not_found'],
  ])('POST /api/sessions with %s (body %s) → %i %s, as JSON', async (_what, body, status, code) => {
    const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(10);
  });

  it('DELETE needs the session\'s own credential: none → 401, another\'s → 401, unknown id → 404', async () => {
    const a = await createSession(server);
    const b = await createSession(server);
    expect((await fetch(`${server.url}/api/sessions/${a.id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions/${a.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.token}` } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions/saaaaaaaaaaaaaaaaaaaa`, { method: 'DELETE', headers: { authorization: `Bearer ${a.token}` } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/${a.id}`, { method: 'DELETE', headers: { cookie: `syslab_session=${a.token}` } })).status).toBe(204);
    expect((await fetch(`${server.url}/api/sessions/${b.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.token}` } })).status).toBe(204);
  });

  it('DELETE ends the session: its terminal closes with 4000 and the sandbox processes are gone', async () => {
    const { id, token } = await createSession(server);
    const term = await TerminalClient.connect(server.url, id, { token });
    await term.waitForMessage('hello');
    const before = descendants(server.pid).length;
    expect((await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    expect(await term.waitClosed()).toBe(4000);
    expect(descendants(server.pid).length).toBeLessThan(before);
    expect(await refusedWith(TerminalClient.connect(server.url, id, { token }))).toBe(404);
  });

  it('GET /api/sessions/<id> tells a live session (200) from a gone one (404), with the credential', async () => {
    const { id, token } = await createSession(server);
    const live = await fetch(`${server.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ id, lab: 'hello' });
    expect((await fetch(`${server.url}/api/sessions/${id}`)).status).toBe(401);
    await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(`${server.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('unknown API routes answer 404 JSON', async () => {
    const res = await fetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('terminal WebSocket upgrade', () => {
  it('refuses a foreign Origin (403), no Origin with a cookie (403), no or wrong credential (401), unknown id (404) — and spawns nothing', async () => {
    const { id, token } = await createSession(server);
    // Let the shell finish starting (its .bashrc runs a few programs) before counting.
    const ready = await TerminalClient.connect(server.url, id, { token });
    await ready.run('true');
    ready.close();
    await ready.waitClosed();
    const processesBefore = new Set(descendants(server.pid));
    expect(await refusedWith(TerminalClient.connect(server.url, id, { token, origin: 'https://evil.example' }))).toBe(403);
    expect(await refusedWith(TerminalClient.connect(server.url, id, { cookie: `syslab_session=${token}` }))).toBe(403);
    expect(await refusedWith(TerminalClient.connect(server.url, id, { cookie: `syslab_session=${token}`, origin: 'http://evil.example' }))).toBe(403);
    expect(await refusedWith(TerminalClient.connect(server.url, id, {}))).toBe(401);
    expect(await refusedWith(TerminalClient.connect(server.url, id, { token: 'x'.repeat(43) }))).toBe(401);
    expect(await refusedWith(TerminalClient.connect(server.url, 'sbbbbbbbbbbbbbbbbbbbb', { token }))).toBe(404);
    expect(await refusedWith(TerminalClient.connect(server.url, '../../etc', { token }))).toBe(404);
    // Compare pids, not counts: an unrelated process may exit meanwhile.
    expect(descendants(server.pid).filter((p) => !processesBefore.has(p))).toEqual([]);
  });

  it('accepts the same-origin browser (cookie + Origin of the server) and a script (Bearer, no Origin)', async () => {
    const { id, token } = await createSession(server);
    const browser = await TerminalClient.connect(server.url, id, { cookie: `syslab_session=${token}`, origin: server.url });
    expect(await browser.waitForMessage('hello')).toMatchObject({ role: 'owner' });
    browser.close();
    const script = await TerminalClient.connect(server.url, id, { token });
    expect(await script.waitForMessage('hello')).toMatchObject({ role: 'owner' });
    script.close();
  });

  it('accepts an origin listed in SYSLAB_ALLOWED_ORIGINS', async () => {
    const other = await startServer({ env: { SYSLAB_ALLOWED_ORIGINS: 'https://labs.example.edu' } });
    try {
      const { id, token } = await createSession(other);
      const ok = await TerminalClient.connect(other.url, id, { cookie: `syslab_session=${token}`, origin: 'https://labs.example.edu' });
      expect(await ok.waitForMessage('hello')).toBeDefined();
      ok.close();
      expect(await refusedWith(TerminalClient.connect(other.url, id, { cookie: `syslab_session=${token}`, origin: 'https://labs.example.com' }))).toBe(403);
    } finally {
      await other.stop();
    }
  });

  it('caps sockets per session (4429) and sessions per client (429)', async () => {
    const capped = await startServer({ env: { SYSLAB_MAX_SOCKETS_PER_SESSION: '2', SYSLAB_MAX_SESSIONS_PER_CLIENT: '2' } });
    try {
      const a = await createSession(capped);
      await createSession(capped);
      const third = await fetch(`${capped.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lab":"hello"}' });
      expect(third.status).toBe(429);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe('too_many_sessions');
      const s1 = await TerminalClient.connect(capped.url, a.id, { token: a.token });
      const s2 = await TerminalClient.connect(capped.url, a.id, { token: a.token, watch: true });
      const s3 = await TerminalClient.connect(capped.url, a.id, { token: a.token, watch: true });
      expect(await s3.waitClosed()).toBe(4429);
      await s1.waitForMessage('hello');
      await s2.waitForMessage('hello');
      s1.close();
      s2.close();
    } finally {
      await capped.stop();
    }
  });
});

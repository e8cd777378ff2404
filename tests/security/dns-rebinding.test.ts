/**
 * DNS rebinding (docs/security.md, threat model): a page on evil.example that
 * re-points its own name at 127.0.0.1 is same-origin with itself, so Origin
 * checks pass; only the Host header gives it away. A server bound to
 * loopback (the default) must refuse it on every route and on the terminal
 * upgrade, and still answer its health probe and its real names.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, startServer, type RunningServer } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Reply { status: number; body: string }

function request(path: string, host: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a server bound to loopback refuses hosts it does not answer to', () => {
  it('refuses a rebinding page on the API and the web page with 403 and says which setting to change', async () => {
    const evil = `evil.example:${server.port}`;
    for (const path of ['/api/labs', '/api/labs/hello', '/', '/labs/hello']) {
      const r = await request(path, evil, { origin: `http://${evil}` });
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('host_not_allowed');
      expect(r.body).toContain('SYSLAB_ALLOWED_HOSTS');
    }
    const created = await request('/api/sessions', evil, { origin: `http://${evil}`, 'content-type': 'application/json' }, 'POST');
    expect(created.status).toBe(403);
  });

  it('refuses the terminal upgrade from a rebinding page even with a valid credential', async () => {
    const session = await createSession(server);
    const evil = `evil.example:${server.port}`;
    const r = await request(`/api/sessions/${session.id}/terminal`, evil, {
      origin: `http://${evil}`, connection: 'Upgrade', upgrade: 'websocket',
      'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', authorization: `Bearer ${session.token}`,
    });
    expect(r.status).toBe(403);
    // The same upgrade under the server's real name goes through.
    const ok = await request(`/api/sessions/${session.id}/terminal`, `127.0.0.1:${server.port}`, {
      connection: 'Upgrade', upgrade: 'websocket',
      'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', authorization: `Bearer ${session.token}`,
    });
    expect(ok.status).toBe(101);
  });

  it('answers its loopback names, and health probes under any name', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
      expect((await request('/api/labs', host)).status, host).toBe(200);
    }
    expect((await request('/healthz', 'syslab-server:3000')).status).toBe(200);
  });
});

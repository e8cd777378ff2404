/**
 * A lab with a network, through the real server: a session of labs/networking
 * gets its own network (the shell on the laptop host), a step whose check
 * runs on the router sees what the learner typed into the terminal cause
 * there, a live question is answered from the web server's log, and ending
 * the session removes the network.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuizGraded, StepCheck } from '../../common/src/guide-api.js';
import { startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

const PROMPT = /\$ (\x1b\[\?2004h)?$/;

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function call<T>(method: string, urlPath: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const isRoot = process.getuid?.() === 0;
// Lab networks are built as root (network namespaces); CI runs as root.
if (!isRoot && process.env.CI) throw new Error('lab network tests must run in CI, which runs as root');
if (!isRoot) console.warn('SKIPPED: the networking lab through the server: the server must run as root to build its network');

const sessionNamespaces = (id: string) => (existsSync('/run/netns') ? readdirSync('/run/netns') : []).filter((n) => n.includes(id));

describe.runIf(isRoot)('labs/networking through the server', () => {
  it('builds the session\'s network, checks on the router and the web server, and removes it all when the session ends', async () => {
    const created = await call<{ id: string; token: string }>('POST', '/api/sessions', undefined, { lab: 'networking' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const s = created.body;
    expect(sessionNamespaces(s.id)).toHaveLength(2 + 5); // two subnets, five hosts
    const term = await TerminalClient.connect(server.url, s.id, { token: s.token });
    try {
      await term.waitFor(PROMPT, 15_000);
      const hostname = await term.run('hostname');
      expect(hostname, JSON.stringify(hostname)).toMatch(/[\r\n]laptop\r?\n/);

      // Step 2's verify.sh runs on the router: nothing forwarded yet.
      const before = await call<StepCheck>('POST', `/api/sessions/${s.id}/steps/2/check`, s.token);
      expect(before.body).toEqual({ passed: false, hint: expect.stringMatching(/^The router has not forwarded a single packet yet/) });
      await term.run('ping -c 2 10.0.2.80', 15_000);
      const after = await call<StepCheck>('POST', `/api/sessions/${s.id}/steps/2/check`, s.token);
      expect(after.body).toEqual({ passed: true, hint: null });

      // Live questions: one read on the learner's host, one from www's access log.
      const seen = await term.run('ip neigh show 10.0.1.1; curl -s http://www.lab.test/whoami');
      const mac = /lladdr ([0-9a-f:]{17})/.exec(seen)![1]!;
      const port = /port (\d+), speaking HTTP\/1\.1/.exec(seen)![1]!;
      const graded = await call<QuizGraded>('POST', `/api/sessions/${s.id}/quiz`, s.token, {
        answers: { 'router-mac': mac, 'server-sees-port': port, 'ttl-hops': 1 },
      });
      expect(graded.status, JSON.stringify(graded.body)).toBe(200);
      const verdict = (id: string) => graded.body.results.find((r) => r.id === id)?.correct;
      expect([verdict('router-mac'), verdict('server-sees-port'), verdict('ttl-hops')]).toEqual([true, true, true]);
      expect(verdict('handshake')).toBe(false);
    } finally {
      term.close();
    }
    expect((await call('DELETE', `/api/sessions/${s.id}`, s.token)).status).toBe(204);
    expect(sessionNamespaces(s.id)).toEqual([]);
  });
});

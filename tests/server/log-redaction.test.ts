/**
 * JSON logs at debug level, with every credential syslab hands out used the
 * ways clients use them (Bearer header, session cookie, learner header and
 * cookie, a token in a query string, the terminal socket): not one of those
 * values reaches the log, and session-related lines carry the session id.
 */
import { describe, expect, it } from 'vitest';
import { LEARNER_COOKIE, LEARNER_HEADER, SESSION_COOKIE } from '../../common/src/api.js';
import { startServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

interface Created {
  id: string;
  token: string;
  learner?: string;
}

describe('logs', () => {
  it('carry no token, cookie or learner secret, even at debug level', async () => {
    const server = await startServer();
    try {
      const post = (headers: Record<string, string>) => fetch(`${server.url}/api/sessions`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ lab: 'hello' }),
      });
      const first = await post({});
      expect(first.status).toBe(201);
      const a = (await first.json()) as Created;
      const learner = a.learner!;
      expect(learner).toBeTruthy();
      const setCookies = first.headers.getSetCookie();
      expect(setCookies.join(';')).toContain(a.token);

      const second = await post({ [LEARNER_HEADER]: learner });
      const b = (await second.json()) as Created;
      const third = await post({ cookie: `${LEARNER_COOKIE}=${learner}` });
      const c = (await third.json()) as Created;
      expect([second.status, third.status]).toEqual([201, 201]);

      const bearer = { authorization: `Bearer ${a.token}` };
      expect((await fetch(`${server.url}/api/sessions/${a.id}`, { headers: bearer })).status).toBe(200);
      expect((await fetch(`${server.url}/api/sessions/${b.id}`, { headers: { cookie: `${SESSION_COOKIE}=${b.token}` } })).status).toBe(200);
      expect((await fetch(`${server.url}/api/sessions/${a.id}/steps/1/check`, { method: 'POST', headers: bearer })).status).toBe(200);
      // A wrong credential is logged as a 401 without the value that was tried.
      const wrong = 'not-a-real-token-but-still-secret-7f3a';
      expect((await fetch(`${server.url}/api/sessions/${a.id}`, { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
      // Someone pastes a token into a query string: the path is logged, never the query.
      await fetch(`${server.url}/api/labs?token=${c.token}`);

      const term = await TerminalClient.connect(server.url, a.id, { token: a.token });
      expect(await term.run('echo logged-$((1+1))')).toContain('logged-2');
      term.close();
      const viaCookie = await TerminalClient.connect(server.url, c.id, { cookie: `${SESSION_COOKIE}=${c.token}`, origin: server.url });
      await viaCookie.waitForMessage('hello');
      viaCookie.close();
      for (const s of [a, b, c]) {
        expect((await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } })).status).toBe(204);
      }
      await new Promise((r) => setTimeout(r, 200));

      const text = server.logs.map((l) => JSON.stringify(l)).join('\n');
      for (const secret of [a.token, b.token, c.token, learner, wrong]) expect(text).not.toContain(secret);
      // The credentials were there to leak: the request lines have the headers, censored.
      const requests = server.logs.filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThanOrEqual(8);
      expect(text).toContain('"authorization":"[redacted]"');
      expect(text).toContain('"cookie":"[redacted]"');
      expect(text).toContain(`"${LEARNER_HEADER}":"[redacted]"`);
      expect(text).toContain('"set-cookie":"[redacted]"');
      expect(text).toContain('"path":"/api/labs"');

      // Every line about a session names it: request lines for its routes, start, end.
      for (const l of requests) {
        const path = (l.req as { path: string }).path;
        const m = /^\/api\/sessions\/([^/]+)/.exec(path);
        if (m) expect(l.session, path).toBe(m[1]);
      }
      for (const s of [a, b, c]) {
        expect(server.logs.some((l) => l.msg === 'session started' && l.session === s.id)).toBe(true);
        expect(server.logs.some((l) => l.msg === 'session ended' && l.session === s.id)).toBe(true);
      }
    } finally {
      await server.stop();
    }
  });
});

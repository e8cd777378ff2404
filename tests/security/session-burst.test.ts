/**
 * SECURITY.md #14, abuse of session creation: 1,000 POST /api/sessions in a
 * burst from one client, then a crowd of clients at once, against the real
 * server and real sandboxes. The per-client cap, the global cap and the rate
 * limit hold, every refusal is a clear 429, no sandbox is left behind, the
 * database does not fill with throwaway learners, and /healthz stays quick.
 *
 * Clients are told apart by X-Forwarded-For (SYSLAB_TRUST_PROXY), as behind
 * the reverse proxy the README deploys with.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/src/store/database.js';
import { startServer, type RunningServer } from '../support/server.js';
import { bwrapCount, healthzMs, ms, sandboxCgroups, sleep, summarize } from './security-support.js';

const PER_CLIENT = 3;
const GLOBAL = 8;
const BURST = 10;
const PER_MINUTE = 6;

let server: RunningServer;
const created: Array<{ id: string; token: string }> = [];

beforeAll(async () => {
  server = await startServer({
    env: {
      SYSLAB_TRUST_PROXY: 'true',
      SYSLAB_MAX_SESSIONS_PER_CLIENT: String(PER_CLIENT),
      SYSLAB_MAX_SESSIONS: String(GLOBAL),
      SYSLAB_SESSION_CREATE_BURST: String(BURST),
      SYSLAB_SESSION_CREATES_PER_MINUTE: String(PER_MINUTE),
    },
  });
});
afterAll(async () => {
  await server?.stop();
});

interface Reply {
  status: number;
  code: string | undefined;
  message: string;
  retryAfter: string | null;
  body: { id?: string; token?: string };
}

async function create(client: string): Promise<Reply> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: '{"lab":"hello"}',
  });
  const body = (await res.json()) as { id?: string; token?: string; error?: { code: string; message: string } };
  if (res.status === 201) created.push({ id: body.id!, token: body.token! });
  return { status: res.status, code: body.error?.code, message: body.error?.message ?? '', retryAfter: res.headers.get('retry-after'), body };
}

function learnerCount(): number {
  const db = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Polls /healthz every 25 ms while `during` runs; returns every latency. */
async function healthzWhile<T>(during: Promise<T>): Promise<{ result: T; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const poller = (async () => {
    while (!done) {
      latencies.push(await healthzMs(server.url));
      await sleep(25);
    }
  })();
  const result = await during.finally(() => { done = true; });
  await poller;
  return { result, latencies };
}

describe('a burst of session creation (SECURITY.md #14)', () => {
  it('1,000 requests from one client: its cap and the rate limit hold, each refusal is a clear 429, few learners are made, /healthz stays quick', async () => {
    expect(bwrapCount(server.pid)).toBe(0);
    const learnersBefore = learnerCount();
    const idleHealth = await healthzMs(server.url);
    const t0 = performance.now();
    const { result: replies, latencies } = await healthzWhile(Promise.all(Array.from({ length: 1000 }, () => create('203.0.113.7'))));
    const burstMs = performance.now() - t0;

    const ok = replies.filter((r) => r.status === 201);
    const limited = replies.filter((r) => r.status === 429 && r.retryAfter !== null);
    const capped = replies.filter((r) => r.status === 429 && r.retryAfter === null);
    const health = summarize(latencies);
    const learnersMade = learnerCount() - learnersBefore;
    const afterHealth = await healthzMs(server.url);
    console.log(`[security #14] burst of 1000 from one client in ${ms(burstMs)}: ${ok.length} created, `
      + `${capped.length} refused by the per-client cap, ${limited.length} by the rate limit (Retry-After ${limited[0]?.retryAfter} s); `
      + `${learnersMade} learners made; /healthz idle ${ms(idleHealth)}, during the burst ×${latencies.length} median ${ms(health.median)} max ${ms(health.max)}, `
      + `right after ${ms(afterHealth)}`);

    expect(ok).toHaveLength(PER_CLIENT);
    expect(ok.length + capped.length + limited.length).toBe(1000);
    // The bucket lets BURST through to the handler (a token may refill meanwhile); the rest stop at the door.
    expect(ok.length + capped.length).toBeLessThanOrEqual(BURST + 1);
    for (const r of [...capped, ...limited]) expect(r.code).toBe('too_many_sessions');
    expect(capped[0]?.message).toMatch(new RegExp(`the limit is ${PER_CLIENT}\\). End one`));
    expect(limited[0]?.message).toMatch(/^Too many new sessions from your address .* Try again in \d+ s\.$/);
    for (const r of limited) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    for (const r of limited) expect(Number(r.retryAfter)).toBeLessThanOrEqual(60 / PER_MINUTE);
    // Without the limit every cookie-less request made a learner row, refused or not.
    expect(learnersMade).toBeLessThanOrEqual(BURST + 1);
    expect(bwrapCount(server.pid)).toBe(PER_CLIENT);
    expect(sandboxCgroups(server.dataDir)).toHaveLength(PER_CLIENT);
    // One event loop serves every request: during the burst /healthz waits its turn, then is instant again.
    expect(health.max).toBeLessThan(3000);
    expect(afterHealth).toBeLessThan(100);
  });

  it('a crowd of clients at once: the global cap holds, and the server says it is full', async () => {
    const clients = Array.from({ length: 12 }, (_, i) => `198.51.100.${i + 1}`);
    const replies = await Promise.all(clients.flatMap((c) => [create(c), create(c)]));
    const ok = replies.filter((r) => r.status === 201);
    const full = replies.filter((r) => r.status === 429);
    console.log(`[security #14] 24 requests from 12 clients: ${ok.length} created (global cap ${GLOBAL}, ${PER_CLIENT} already running), ${full.length} refused`);
    expect(ok).toHaveLength(GLOBAL - PER_CLIENT);
    expect(ok.length + full.length).toBe(replies.length);
    expect(full[0]?.message).toMatch(/server is at its session limit/);
    expect(bwrapCount(server.pid)).toBe(GLOBAL);
    expect(sandboxCgroups(server.dataDir)).toHaveLength(GLOBAL);
  });

  it('leaves no sandbox behind: deleting what was created leaves no bwrap process and no cgroup', async () => {
    expect(created).toHaveLength(GLOBAL);
    const ids = new Set(created.map((c) => c.id));
    expect(new Set(sandboxCgroups(server.dataDir))).toEqual(ids);
    for (const { id, token } of created) {
      const res = await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(204);
    }
    expect(bwrapCount(server.pid)).toBe(0);
    expect(sandboxCgroups(server.dataDir)).toEqual([]);
    expect(server.logs.filter((l) => l.msg === 'unhandled error')).toEqual([]);
  });
});

describe('an ended session gives its place back (SECURITY.md #14)', () => {
  // Session.onEnded holds one callback; the inspectors' registration replaced
  // the manager's, so a session that had been inspected stayed counted after
  // it ended: its learner locked out at the per-client cap, and enough of
  // them filled the server.
  it('after the inspectors looked at it, a deleted session no longer counts against the caps', async () => {
    const own = await startServer({ env: { SYSLAB_MAX_SESSIONS_PER_CLIENT: '1' } });
    try {
      for (let round = 1; round <= 3; round++) {
        const res = await fetch(`${own.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lab":"hello"}' });
        expect(res.status, `round ${round}: ${await res.clone().text()}`).toBe(201);
        const { id, token } = (await res.json()) as { id: string; token: string };
        const auth = { authorization: `Bearer ${token}` };
        expect((await fetch(`${own.url}/api/sessions/${id}/processes`, { headers: auth })).status).toBe(200);
        expect((await fetch(`${own.url}/api/sessions/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
        expect((await fetch(`${own.url}/api/sessions/${id}`, { headers: auth })).status).toBe(404);
      }
      expect(bwrapCount(own.pid)).toBe(0);
    } finally {
      await own.stop();
    }
  });
});

describe('who a client is, behind the reverse proxy (SECURITY.md #14)', () => {
  // A proxy such as nginx with $proxy_add_x_forwarded_for appends the address
  // it saw to whatever X-Forwarded-For the client sent. Only that last entry
  // is the proxy's word; anything left of it the client wrote itself.
  it('a client cannot escape its per-client cap and rate limit by writing its own X-Forwarded-For entries', async () => {
    const own = await startServer({ env: { SYSLAB_TRUST_PROXY: 'true', SYSLAB_MAX_SESSIONS_PER_CLIENT: '1' } });
    try {
      const as = (forwarded: string) => fetch(`${own.url}/api/sessions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded }, body: '{"lab":"hello"}',
      });
      expect((await as('10.0.0.1, 203.0.113.50')).status).toBe(201);
      const forged = await as('10.0.0.2, 203.0.113.50');
      expect(forged.status, 'the same client behind a forged left-most entry').toBe(429);
      expect((await as('10.0.0.3, 198.51.100.60')).status, 'another client').toBe(201);
    } finally {
      await own.stop();
    }
  });
});

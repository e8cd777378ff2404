/**
 * The warm pool against the real server, real bubblewrap sandboxes, real
 * ptys and WebSockets: a session from the pool shows its prompt in the first
 * frame and works at the client's size; the pool refills; warm sandboxes and
 * sessions together never pass MAX_SESSIONS, in a burst too; a warm sandbox
 * whose shell died is not handed out; SIGTERM, and kill -9 then a restart,
 * leave none of them behind; SYSLAB_WARM_SANDBOXES=0 keeps none.
 * (Faults the real driver cannot be made to show are in warm-pool-faults.test.ts.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupParentName } from '../../server/src/sandbox/cgroups/cgroup-plan.js';
import { survivors } from '../sandbox/sandbox-harness.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { bwrapCount, PROMPT, sandboxCgroups, sandboxProcesses, sleep } from '../security/security-support.js';

/** Two labs warm, one sandbox each: enough to tell labs apart, cheap on a shared machine. */
const POOL = { SYSLAB_WARM_SANDBOXES: '1', SYSLAB_WARM_LABS: '2' };

async function metric(server: { url: string }, name: string, labels = ''): Promise<number | null> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : null;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await sleep(25);
  }
}

const warmReady = (server: RunningServer, lab: string, n = 1) =>
  until(`${n} warm ${lab} sandbox(es)`, async () => (await metric(server, 'syslab_warm_sandboxes', `lab="${lab}"`)) === n);

/** The server's 'session started' line for a session (its `warm` says hit, wait, miss or null). */
async function startedLog(server: RunningServer, id: string) {
  const find = () => server.logs.find((l) => l.msg === 'session started' && l.session === id);
  await until(`the start of ${id} logged`, () => find() !== undefined, 5000);
  return find();
}

/** Host pids in a sandbox's cgroup (v1 or v2). */
function cgroupPids(dataDir: string, id: string): number[] {
  const parent = cgroupParentName(createHash('sha256').update(dataDir).digest('hex').slice(0, 10));
  for (const h of ['pids', 'memory', '.']) {
    const file = `/sys/fs/cgroup/${h}/${parent}/${id}/cgroup.procs`;
    if (existsSync(file)) return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  }
  return [];
}

describe('warm pool (real sandboxes)', () => {
  it('a session from the pool: its prompt in the first frame, a shell at the client\'s size, a fresh sandbox each time; the pool refills', async () => {
    const server = await startServer({ env: POOL });
    try {
      await warmReady(server, 'hello');
      await warmReady(server, 'ipc');
      const warm = sandboxCgroups(server.dataDir).sort();
      expect(warm).toHaveLength(2);
      expect(bwrapCount(server.pid)).toBe(2);

      const s = await createSession(server);
      expect(warm).toContain(s.id);
      expect(await startedLog(server, s.id)).toMatchObject({ warm: 'hit' });
      const term = await TerminalClient.connect(server.url, s.id, { token: s.token });
      await term.waitForMessage('hello');
      await term.waitFor(PROMPT, 5000);
      // The prompt was printed before anyone asked for the session; the replay carries it at once.
      expect(term.chunks[0]!.toString()).toMatch(/\$ /);
      term.control({ type: 'resize', cols: 133, rows: 41 });
      expect(await term.run('stty size; tput cols')).toMatch(/41 133\s+133/);
      expect(await term.run('echo warm-$((6*7))')).toContain('warm-42');
      await term.run('echo secret-of-learner-one > ~/note.txt');

      // The pool makes a new one for hello; the taken one never returns to it.
      await warmReady(server, 'hello');
      expect(sandboxCgroups(server.dataDir)).toHaveLength(3);
      term.close();
      expect((await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } })).status).toBe(204);
      expect(sandboxCgroups(server.dataDir)).not.toContain(s.id);

      const next = await createSession(server);
      expect(next.id).not.toBe(s.id);
      expect(await startedLog(server, next.id)).toMatchObject({ warm: 'hit' });
      const term2 = await TerminalClient.connect(server.url, next.id, { token: next.token });
      await term2.waitFor(PROMPT, 5000);
      expect(await term2.run('cat ~/note.txt 2>&1; echo rc=$?')).toMatch(/No such file[\s\S]*rc=1/);
      term2.close();
      expect(await metric(server, 'syslab_warm_pool_requests_total', 'result="hit"')).toBe(2);
      expect(await metric(server, 'syslab_warm_pool_requests_total', 'result="miss"')).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('warm sandboxes and sessions never pass MAX_SESSIONS: the pool gives way to a session, and a burst stays within the cap', async () => {
    const max = 3;
    const server = await startServer({ env: { SYSLAB_WARM_SANDBOXES: '2', SYSLAB_WARM_LABS: '2', SYSLAB_MAX_SESSIONS: String(max) } });
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, bwrapCount(server.pid));
        await sleep(2);
      }
    })();
    try {
      // Two labs × two would be four: the cap leaves the pool three.
      await until('the pool at the cap', () => sandboxCgroups(server.dataDir).length === max && bwrapCount(server.pid) === max);
      await sleep(300);
      expect(bwrapCount(server.pid)).toBe(max);
      // The cap is filled by warm sandboxes, and memory is not among them: it still gets a session.
      const memory = await createSession(server, 'memory');
      expect(await startedLog(server, memory.id)).toMatchObject({ warm: 'miss' });
      expect(await metric(server, 'syslab_warm_sandboxes_discarded_total', 'reason="evicted"')).toBe(1);

      const labs = ['hello', 'memory', 'ipc', 'signals', 'hello', 'ipc'];
      const replies = await Promise.all(labs.map(async (lab) => {
        const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab }) });
        const body = (await res.json()) as { id?: string; error?: { message: string } };
        return { status: res.status, ...body };
      }));
      const ok = replies.filter((r) => r.status === 201);
      const full = replies.filter((r) => r.status === 429);
      console.log(`[warm pool] burst of ${labs.length} at a cap of ${max} (1 session, 2 warm): ${ok.length} created, ${full.length} refused; most bwraps at once ${peak}`);
      expect(ok).toHaveLength(max - 1);
      expect(full).toHaveLength(labs.length - (max - 1));
      expect(full[0]!.error!.message).toMatch(/server is at its session limit/);
      expect(bwrapCount(server.pid)).toBe(max);
      expect(peak).toBeLessThanOrEqual(max);

      // Sessions end: the pool takes the places back, up to the cap and no further.
      for (const r of ok) expect((await fetch(`${server.url}/api/sessions/${r.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${(r as { token?: string }).token}` } })).status).toBe(204);
      await until('the pool back at the cap', () => bwrapCount(server.pid) === max);
      await sleep(300);
      expect(peak).toBeLessThanOrEqual(max);
    } finally {
      sampling = false;
      await sampler;
      await server.stop();
    }
  });

  it('a warm sandbox whose shell died is dropped, not handed out', async () => {
    const server = await startServer({ env: { ...POOL, SYSLAB_WARM_LABS: '1' } });
    try {
      await warmReady(server, 'hello');
      const [dead] = sandboxCgroups(server.dataDir);
      for (const pid of cgroupPids(server.dataDir, dead!)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      await until('the dead one counted', async () => (await metric(server, 'syslab_warm_sandboxes_discarded_total', 'reason="died"')) === 1);
      await until('the dead one destroyed', () => !sandboxCgroups(server.dataDir).includes(dead!), 5000);
      const s = await createSession(server);
      expect(s.id).not.toBe(dead);
      const term = await TerminalClient.connect(server.url, s.id, { token: s.token });
      await term.waitFor(PROMPT, 10_000);
      expect(await term.run('echo alive-$((2+3))')).toContain('alive-5');
      term.close();
      expect(server.logs.some((l) => l.msg === 'warm sandbox lost; trying again later' && l.reason === 'died' && typeof l.retryInMs === 'number')).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('SIGTERM destroys warm sandboxes; after kill -9 a restart sweeps them: no process, cgroup or runtime directory left', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-warm-'));
    const instance = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
    const runtimeDir = `/run/syslab-${instance}`;
    try {
      const first = await startServer({ dataDir, env: POOL });
      await warmReady(first, 'hello');
      await warmReady(first, 'ipc');
      const firstWarm = sandboxCgroups(dataDir);
      const pids = sandboxProcesses(first.pid);
      expect(pids.length).toBeGreaterThanOrEqual(4);
      await first.kill9();
      expect(await survivors(pids)).toEqual([]);

      const second = await startServer({ dataDir, env: POOL });
      await warmReady(second, 'hello');
      await warmReady(second, 'ipc');
      const secondWarm = sandboxCgroups(dataDir);
      expect(secondWarm).toHaveLength(2);
      for (const id of firstWarm) expect(secondWarm).not.toContain(id);
      // A session in flight as well as the pool.
      const s = await createSession(second);
      expect(await startedLog(second, s.id)).toMatchObject({ warm: 'hit' });
      expect(await second.stop()).toBe(0);
      expect(sandboxCgroups(dataDir)).toEqual([]);
      expect(existsSync(runtimeDir)).toBe(false);
      expect(second.logs.some((l) => l.msg === 'unhandled error')).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sessions back to back through the pool (hits, and waits for a refill under way) leave nothing behind but the pool itself', async () => {
    // One client churning sessions: the creation rate limit would throttle it (it has its own test).
    const server = await startServer({ env: { ...POOL, SYSLAB_WARM_LABS: '1', SYSLAB_SESSION_CREATE_BURST: '1000', SYSLAB_SESSION_CREATES_PER_MINUTE: '10000' } });
    try {
      await warmReady(server, 'hello');
      // Once lazily loaded parts are loaded (SQLite statements, the lab's staged files).
      for (let i = 0; i < 3; i++) {
        const s = await createSession(server);
        await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } });
      }
      await warmReady(server, 'hello');
      const fds = () => readdirSync(`/proc/${server.pid}/fd`).length;
      const before = fds();
      const rounds = 30;
      for (let i = 0; i < rounds; i++) {
        // Some arrive while the refill is under way (wait), some after (hit).
        if (i % 3 === 0) await warmReady(server, 'hello');
        const s = await createSession(server);
        const term = await TerminalClient.connect(server.url, s.id, { token: s.token });
        await term.waitFor(PROMPT, 10_000);
        expect(await term.run(`echo round-$((${i}*2))`)).toContain(`round-${i * 2}`);
        term.close();
        expect((await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } })).status).toBe(204);
      }
      await warmReady(server, 'hello');
      await sleep(300);
      const counts = await Promise.all(['hit', 'wait', 'miss'].map((r) => metric(server, 'syslab_warm_pool_requests_total', `result="${r}"`)));
      console.log(`[warm pool] ${rounds} sessions back to back: hit ${counts[0]}, wait ${counts[1]}, miss ${counts[2]} (3 warm-up sessions before); fds ${before} → ${fds()}`);
      expect(counts.reduce((a, b) => a! + b!, 0)).toBe(rounds + 3);
      expect(counts[0]).toBeGreaterThanOrEqual(rounds / 3);
      expect(await metric(server, 'syslab_warm_sandboxes_discarded_total', 'reason="died"')).toBe(0);
      expect(await metric(server, 'syslab_warm_sandboxes_discarded_total', 'reason="failed"')).toBe(0);
      // The one warm sandbox, and nothing else: no session's sandbox, cgroup or descriptor.
      expect(bwrapCount(server.pid)).toBe(1);
      expect(sandboxCgroups(server.dataDir)).toHaveLength(1);
      expect(fds()).toBeLessThanOrEqual(before + 5);
      expect(await metric(server, 'syslab_sessions_active')).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('SYSLAB_WARM_SANDBOXES=0: no sandbox before a session, each session started cold', async () => {
    const server = await startServer({ env: { SYSLAB_WARM_SANDBOXES: '0' } });
    try {
      await sleep(500);
      expect(bwrapCount(server.pid)).toBe(0);
      expect(await metric(server, 'syslab_warm_sandboxes', 'lab="hello"')).toBe(null);
      const s = await createSession(server);
      expect(await startedLog(server, s.id)).toMatchObject({ warm: null });
      expect(bwrapCount(server.pid)).toBe(1);
      await sleep(300);
      expect(bwrapCount(server.pid)).toBe(1);
      expect(await metric(server, 'syslab_warm_pool_requests_total', 'result="miss"')).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

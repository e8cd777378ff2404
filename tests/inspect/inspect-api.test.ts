/**
 * The live inspectors through the real server: real bubblewrap sandboxes,
 * real processes started by typing into the real terminal, real strace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcGraph, MapEntry, ProcessInfo, TraceStatus } from '../../common/src/inspect-api.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { SseClient } from '../support/sse-client.js';
import { TerminalClient } from '../support/terminal-client.js';

const PROMPT = /\$ (\x1b\[\?2004h)?$/;

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-inspect-'));
  server = await startServer({ dataDir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Session { id: string; token: string }

async function call<T>(s: Session, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api/sessions/${s.id}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function open(): Promise<{ s: Session; term: TerminalClient }> {
  const s = await createSession(server);
  const term = await TerminalClient.connect(server.url, s.id, { token: s.token });
  await term.waitFor(PROMPT, 15_000);
  return { s, term };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const processes = async (s: Session) => (await call<ProcessInfo[]>(s, 'GET', '/processes')).body;

describe('processes', () => {
  it('lists the tree with groups, the foreground group, states and decoded dispositions', async () => {
    const { s, term } = await open();
    term.type("trap '' USR1; trap 'echo bye' TERM; sleep 101 | cat &\r");
    await term.waitFor(PROMPT, 5000);
    term.type('sleep 102\r');
    const list = await until(async () => {
      const l = await processes(s);
      // Settled: exec'd, asleep, and given the terminal (the shell does that a moment after forking).
      const settled = l.some((p) => p.argv.join(' ') === 'sleep 102' && p.state === 'S' && p.foreground);
      return settled && l.some((p) => p.comm === 'cat') ? l : null;
    }, 'sleep 102 asleep in the foreground, and cat');
    const shell = list.find((p) => p.comm === 'bash')!;
    const fg = list.find((p) => p.argv.join(' ') === 'sleep 102')!;
    const bgSleep = list.find((p) => p.argv.join(' ') === 'sleep 101')!;
    const cat = list.find((p) => p.comm === 'cat')!;
    expect(fg).toMatchObject({ ppid: shell.pid, pgid: fg.pid, state: 'S', foreground: true });
    expect(shell.foreground).toBe(false);
    // One pipeline, one process group, led by its first process.
    expect(cat.pgid).toBe(bgSleep.pid);
    expect(bgSleep.foreground).toBe(false);
    expect(shell.signals.ignored).toContain('SIGUSR1');
    expect(shell.signals.caught).toEqual(expect.arrayContaining(['SIGTERM', 'SIGINT', 'SIGCHLD']));
    // The reader that made the list is not in it: every process descends from pid 1.
    const pids = new Set(list.map((p) => p.pid));
    for (const p of list) if (p.pid !== 1) expect(pids.has(p.ppid), `${p.comm} ${p.pid}`).toBe(true);
    term.close();
  });

  it('sends a signal to a process and to a group, and the change shows', async () => {
    const { s, term } = await open();
    term.type('sleep 201 | sleep 202 &\r');
    await term.waitFor(PROMPT, 5000);
    const first = await until(async () => (await processes(s)).find((p) => p.argv.join(' ') === 'sleep 201'), 'sleep 201');
    expect((await call(s, 'POST', `/processes/${first.pid}/signal`, { signal: 'SIGSTOP' })).status).toBe(204);
    await until(async () => (await processes(s)).find((p) => p.pid === first.pid && p.state === 'T'), 'state T');
    expect((await call(s, 'POST', `/processes/${first.pid}/signal`, { signal: 'CONT' })).status).toBe(204);
    await until(async () => (await processes(s)).find((p) => p.pid === first.pid && p.state === 'S'), 'state S again');
    expect((await call(s, 'POST', `/processes/${first.pid}/signal`, { signal: 'SIGTERM', group: true })).status).toBe(204);
    await until(async () => !(await processes(s)).some((p) => p.comm === 'sleep'), 'both sleeps gone');
    term.close();
  });

  it('refuses bad signals, bad pids and pids that are not in this sandbox, and other sessions\' credentials', async () => {
    const a = await open();
    const b = await open();
    a.term.type('sleep 303 &\r');
    const sleeper = await until(async () => (await processes(a.s)).find((p) => p.argv.join(' ') === 'sleep 303'), 'sleep 303');
    const bad = await call<{ error: { message: string } }>(a.s, 'POST', `/processes/${sleeper.pid}/signal`, { signal: 'SIGFOO' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not a signal name/);
    expect((await call(a.s, 'POST', `/processes/${sleeper.pid}/signal`, { signal: 'SIGTERM', extra: 1 })).status).toBe(400);
    expect((await call(a.s, 'GET', '/processes/abc/maps')).status).toBe(400);
    expect((await call(a.s, 'GET', '/processes/0/maps')).status).toBe(400);
    const missing = await call<{ error: { message: string } }>(a.s, 'GET', '/processes/4000000/maps');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/no process 4000000/);
    // Session B's sandbox has its own pid namespace: A's sleep is not there, and B cannot signal it.
    expect((await processes(b.s)).some((p) => p.argv.join(' ') === 'sleep 303')).toBe(false);
    expect((await call(b.s, 'POST', `/processes/${sleeper.pid}/signal`, { signal: 'SIGKILL' })).status).toBe(404);
    expect((await processes(a.s)).some((p) => p.pid === sleeper.pid)).toBe(true);
    // B's token opens nothing of A's.
    expect((await call({ id: a.s.id, token: b.s.token }, 'GET', '/processes')).status).toBe(401);
    a.term.close();
    b.term.close();
  });
});

describe('memory map', () => {
  it('classifies a real process\'s regions and sizes them from smaps', async () => {
    const { s, term } = await open();
    const shell = (await processes(s)).find((p) => p.comm === 'bash')!;
    const maps = await call<MapEntry[]>(s, 'GET', `/processes/${shell.pid}/maps`);
    expect(maps.status).toBe(200);
    const kinds = new Set(maps.body.map((e) => e.kind));
    for (const k of ['text', 'data', 'heap', 'stack', 'mmap', 'vdso']) expect(kinds, k).toContain(k);
    const heap = maps.body.find((e) => e.kind === 'heap')!;
    expect(heap.rssKiB).toBeGreaterThan(0);
    expect(maps.body.find((e) => e.kind === 'text')!.path).toBe('/usr/bin/bash');
    term.close();
  });
});

describe('IPC graph', () => {
  it('joins `sleep 100 | cat` by one pipe: sleep writes fd 1, cat reads fd 0', async () => {
    const { s, term } = await open();
    term.type('sleep 100 | cat &\r');
    const graph = await until(async () => {
      const g = (await call<IpcGraph>(s, 'GET', '/ipc')).body;
      return g.nodes.some((n) => n.kind === 'process' && n.label === 'cat') ? g : null;
    }, 'cat in the graph');
    const sleep = graph.nodes.find((n) => n.kind === 'process' && n.label === 'sleep 100')!;
    const cat = graph.nodes.find((n) => n.kind === 'process' && n.label === 'cat')!;
    const write = graph.edges.find((e) => e.from === sleep.id && e.fd === 1)!;
    const read = graph.edges.find((e) => e.from === cat.id && e.fd === 0)!;
    expect(write.mode).toBe('w');
    expect(read.mode).toBe('r');
    expect(write.to).toBe(read.to);
    expect(graph.nodes.find((n) => n.id === write.to)!.kind).toBe('pipe');
    term.close();
  });
});

describe('stream', () => {
  it('sends the state on connect and each change soon after it happens', async () => {
    const { s, term } = await open();
    const stream = await SseClient.open(`${server.url}/api/sessions/${s.id}/inspect?views=processes,ipc`, s.token);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'processes');
    await stream.waitFor((e) => e.event === 'ipc');
    const from = stream.events.length;
    const typed = Date.now();
    term.type('sleep 404 &\r');
    const seen = await stream.waitFor((e) => e.event === 'processes' && (e.data as ProcessInfo[]).some((p) => p.argv.join(' ') === 'sleep 404'), 5000, from);
    // Reported, not asserted tightly: the target is ~250 ms on a quiet machine.
    console.log(`inspector stream: a new process showed ${seen.at - typed} ms after it was typed`);
    expect(seen.at - typed).toBeLessThan(3000);
    // Quiet terminal, no change: no new processes event for a while.
    await new Promise((r) => setTimeout(r, 1500));
    const quietFrom = stream.events.length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(stream.events.slice(quietFrom).filter((e) => e.event === 'processes')).toEqual([]);
    stream.close();
    term.close();
  });

  it('refuses a bad view list with a 400 that says what to ask for', async () => {
    const { s, term } = await open();
    for (const q of ['', '?views=', '?views=processes,bogus', '?views=maps', '?views=maps&pid=x']) {
      const r = await call<{ error: { message: string } }>(s, 'GET', `/inspect${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.message).toMatch(/views|pid|process id/);
    }
    term.close();
  });
});

describe('system call trace', () => {
  it('traces what the shell starts, streams it with a summary, and stops leaving no strace behind', async () => {
    const { s, term } = await open();
    const stream = await SseClient.open(`${server.url}/api/sessions/${s.id}/inspect?views=syscalls`, s.token);
    await stream.waitFor((e) => e.event === 'trace' && (e.data as TraceStatus).running === false);
    const started = await call<TraceStatus>(s, 'POST', '/trace', { target: { kind: 'shell' } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ running: true, target: { kind: 'shell' } });
    term.type('ls / > /dev/null\r');
    const batch = await stream.waitFor((e) => e.event === 'syscalls'
      && (e.data as { events: { name: string; args: string }[] }).events.some((c) => c.name === 'execve' && c.args.includes('"/usr/bin/ls"')), 10_000);
    expect(batch).toBeTruthy();
    await stream.waitFor((e) => e.event === 'trace' && (e.data as TraceStatus).summary.some((r) => r.name === 'getdents64'));
    const status = (await call<TraceStatus>(s, 'GET', '/trace')).body;
    const execve = status.summary.find((r) => r.name === 'execve')!;
    expect(execve.calls).toBeGreaterThanOrEqual(1);
    const stopped = await call<TraceStatus>(s, 'DELETE', '/trace');
    expect(stopped.body).toMatchObject({ running: false, stoppedReason: 'stopped' });
    const out = await term.run('pgrep -c strace; echo end');
    expect(out).toMatch(/^0\r?\nend/m);
    stream.close();
    term.close();
  });

  it('refuses a bad target and a pid that is not the learner\'s', async () => {
    const { s, term } = await open();
    expect((await call(s, 'POST', '/trace', { target: { kind: 'everything' } })).status).toBe(400);
    expect((await call(s, 'POST', '/trace', { target: { kind: 'pid', pid: 4000000 } })).status).toBe(404);
    expect((await call<TraceStatus>(s, 'GET', '/trace')).body.running).toBe(false);
    term.close();
  });
});

/**
 * The bench's own syslab server: a child process from source (tsx), on a free
 * loopback port, with its own data directory and uid range, and limits raised
 * so the bench itself is never the one refused (one client address opens
 * hundreds of sessions).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitListening } from '../tests/support/server-output.js';

export interface BenchServer {
  url: string;
  pid: number;
  driver: string;
  /** The server's own start timer (sandbox create + attach), from its 'session started' log lines. */
  readonly sandboxStartMs: number[];
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** Checkout whose server/src/main.ts runs (another checkout measures "before"). */
  serverDir: string;
  driver: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

let instance = 0;

/** Servers still running: if the bench dies on an uncaught error, they go with it. */
const running = new Set<ChildProcess>();
process.on('exit', () => { for (const child of running) child.kill('SIGTERM'); });

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-bench-'));
  const uidBase = 5_000_000 + (process.pid % 100) * 20_000 + (instance++ % 4) * 5_000;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/src/main.ts'], {
    cwd: options.serverDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      PORT: '0',
      SYSLAB_DRIVER: options.driver,
      SYSLAB_DATA_DIR: dataDir,
      SYSLAB_LOG_LEVEL: 'info',
      SYSLAB_SANDBOX_UID_BASE: String(uidBase),
      SYSLAB_MAX_SESSIONS: '1000',
      SYSLAB_MAX_SESSIONS_PER_CLIENT: '1000',
      SYSLAB_SESSION_CREATE_BURST: '10000',
      SYSLAB_SESSION_CREATES_PER_MINUTE: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const sandboxStartMs: number[] = [];
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  const url = await waitListening(child, (entry) => {
    if (entry.msg === 'session started' && typeof entry.startMs === 'number') sandboxStartMs.push(entry.startMs);
  }, () => stderr, 60_000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    driver: options.driver,
    sandboxStartMs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CreatedSession {
  id: string;
  token: string;
}

export async function createSession(server: { url: string }, lab = 'hello'): Promise<CreatedSession> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab }),
  });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

export async function deleteSession(server: { url: string }, s: CreatedSession): Promise<void> {
  const res = await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } });
  await res.arrayBuffer();
}

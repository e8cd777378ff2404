/**
 * Starts the real server as a child process (from source through tsx, or
 * the build `npm start` runs) on a free loopback port, with its own data
 * directory and uid range, so test files can run side by side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitListening } from './server-output.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Everything the server wrote on stderr so far (not the JSON logs). */
  stderr(): string;
  /** SIGTERM, then wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill9(): Promise<void>;
  child: ChildProcess;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (restart after a crash). */
  dataDir?: string;
  /**
   * Run the built server (dist/, as `npm start` does; the test command
   * builds first) instead of the source through tsx. For tests that count
   * the server's child processes: tsx starts esbuild children whenever its
   * transform cache is cold, as on a fresh clone.
   */
  built?: boolean;
}

let uidSlot = 0;

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'syslab-test-'));
  // A distinct uid range per server (per test process): sandboxes of parallel
  // test files never share a host uid.
  const uidBase = 3_000_000 + (process.pid % 500) * 100_000 + (uidSlot++ % 10) * 10_000;
  const entry = options.built ? ['dist/server/src/main.js'] : ['--import', 'tsx', 'server/src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      PORT: '0',
      SYSLAB_DATA_DIR: dataDir,
      SYSLAB_LOG_LEVEL: 'debug',
      SYSLAB_SANDBOX_UID_BASE: String(uidBase),
      // Every test connects from 127.0.0.1; the per-client cap has its own test.
      SYSLAB_MAX_SESSIONS_PER_CLIENT: '100',
      // No warm pool unless a test asks for one: the suites that count a server's
      // sandboxes (caps, leaks, the crash sweep) count its sessions'. The pool's
      // own suite (tests/sessions/warm-pool.test.ts) turns it on and counts both.
      SYSLAB_WARM_SANDBOXES: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const url = await waitListening(child, (entry) => logs.push(entry), () => stderr, 30_000);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    dataDir,
    logs,
    stderr: () => stderr,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function createSession(server: { url: string }, lab = 'hello'): Promise<{ id: string; token: string }> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab }),
  });
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}

/** Resident memory of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

/**
 * Drives a sandbox the way the session layer does (attach, then type into
 * its terminal), without the server, for the driver conformance suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Sandbox, SandboxDriver, SandboxLimits, TerminalStream } from '../../server/src/sandbox/driver.js';
import type { NetworkTopology } from '../../server/src/sandbox/network/topology.js';
import { PtyTerminal } from '../../server/src/sandbox/shell-pty.js';
import { newSessionId } from '../../server/src/sessions/credentials.js';

export const TEST_LIMITS: SandboxLimits = {
  memoryBytes: 256 * 1024 * 1024, pids: 64, cpus: 0.5, diskBytes: 64 * 1024 * 1024,
};

export interface LiveSandbox {
  sandbox: Sandbox;
  term: TerminalStream;
  output(): string;
  type(text: string): void;
  waitFor(re: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  /** Run in the shell and return what it printed (between markers). */
  run(command: string, timeoutMs?: number): Promise<string>;
  /** Host pids of every process in the sandbox right now. */
  hostPids(): Promise<number[]>;
  destroy(): Promise<void>;
}

/** How a driver's test finds the host pids of a sandbox's processes (bubblewrap: the pty's tree; Docker: the container's). */
export type HostPidsOf = (sandbox: Sandbox, term: TerminalStream) => Promise<number[]>;

/** A pty-backed sandbox (bubblewrap): the process tree under the pty's process, which is bwrap. */
export const ptyTreePids: HostPidsOf = async (_sandbox, term) => {
  if (!(term instanceof PtyTerminal)) throw new Error('ptyTreePids needs a node-pty terminal');
  return descendants(term.pty.pid);
};

export async function startSandbox(
  driver: SandboxDriver, hostPidsOf: HostPidsOf, limits = TEST_LIMITS, filesDir: string | null = null,
  network: NetworkTopology | null = null,
): Promise<LiveSandbox> {
  const sandbox = await driver.create({ id: newSessionId(), lab: 'test', limits, filesDir, network });
  let term: TerminalStream;
  try {
    term = await sandbox.attach({ cols: 120, rows: 40 });
  } catch (err) {
    await sandbox.destroy();
    throw err;
  }
  let out = '';
  const waiters = new Set<() => void>();
  term.onData((d) => {
    out += d.toString('utf8');
    for (const w of waiters) w();
  });
  const waitFor = (re: RegExp, timeoutMs = 10_000, from = 0) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (re.test(out.slice(from))) {
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${re}; output tail: ${JSON.stringify(out.slice(-400))}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
  await waitFor(/\$ /, 15_000);
  return {
    sandbox,
    term,
    output: () => out,
    type: (text) => term.write(Buffer.from(text)),
    waitFor,
    async run(command, timeoutMs = 10_000) {
      const marker = `__m${Math.random().toString(36).slice(2, 10)}`;
      const from = out.length;
      term.write(Buffer.from(`${command}; echo ${marker.slice(0, 3)}""${marker.slice(3)}\r`));
      await waitFor(new RegExp(`${marker}\\r?\\n`), timeoutMs, from);
      const tail = out.slice(from);
      return tail.slice(0, tail.lastIndexOf(marker));
    },
    hostPids: () => hostPidsOf(sandbox, term),
    async destroy() {
      await sandbox.destroy();
    },
  };
}

/** pid and all its descendants, from /proc/<pid>/task/<tid>/children. */
export function descendants(pid: number): number[] {
  const seen: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (!existsSync(`/proc/${p}`)) continue;
    seen.push(p);
    try {
      const text = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8');
      for (const c of text.trim().split(/\s+/).filter(Boolean)) stack.push(Number(c));
    } catch { /* exited meanwhile */ }
  }
  return seen;
}

export function hostUidOf(pid: number): number | null {
  try {
    const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** Of these pids, the ones still running (not zombies) after up to 2 s. */
export async function survivors(pids: number[]): Promise<number[]> {
  let left = pids;
  for (let i = 0; i < 40; i++) {
    left = left.filter((p) => alive(p) && !isZombie(p));
    if (left.length === 0) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
  return left;
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

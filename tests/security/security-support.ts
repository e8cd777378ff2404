/**
 * What the security suites measure on the host: the sandboxes a server holds
 * (its cgroups, its processes) and how a learner's terminal feels (keystroke
 * echo round trips).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { cgroupParentName } from '../../server/src/sandbox/cgroups/cgroup-plan.js';
import { descendants } from '../sandbox/sandbox-harness.js';
import type { TerminalClient } from '../support/terminal-client.js';

/** bash's prompt, possibly followed by its bracketed-paste switch. */
export const PROMPT = /\$ (\x1b\[\?2004h)?$/;

/**
 * Sandbox ids with a cgroup directory under this server's parents, in any
 * hierarchy. The driver names its instance after the data directory.
 */
export function sandboxCgroups(dataDir: string, root = '/sys/fs/cgroup'): string[] {
  const parent = instanceParent(dataDir);
  const ids = new Set<string>();
  for (const hierarchy of ['memory', 'pids', 'cpu', 'cpuacct', '.']) {
    const dir = `${root}/${hierarchy}/${parent}`;
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) ids.add(e.name);
  }
  return [...ids];
}

export interface CgroupEvidence {
  pids: number | null;
  oomKills: number | null;
  throttledPeriods: number | null;
  /** CPU time the sandbox has used so far, in seconds (cpuacct.usage on v1, cpu.stat usage_usec on v2). */
  cpuSeconds: number | null;
}

/** What a sandbox's cgroups say it went through: processes now, OOM kills and CPU throttling so far (v1 or v2). */
export function sandboxCgroupEvidence(dataDir: string, id: string, root = '/sys/fs/cgroup'): CgroupEvidence {
  const parent = instanceParent(dataDir);
  const read = (file: string) => { try { return readFileSync(file, 'utf8'); } catch { return null; } };
  const field = (text: string | null, name: string) => {
    const m = text === null ? null : new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const v2 = existsSync(`${root}/cgroup.controllers`);
  const dir = (controller: string) => (v2 ? `${root}/${parent}/${id}` : `${root}/${controller}/${parent}/${id}`);
  const pids = read(`${dir('pids')}/pids.current`);
  const cpuStat = read(`${dir('cpu')}/cpu.stat`);
  // v1 keeps usage in cpuacct, mounted on its own here and as cpu,cpuacct elsewhere.
  const usageV1 = v2 ? null : read(`${dir('cpuacct')}/cpuacct.usage`) ?? read(`${dir('cpu')}/cpuacct.usage`);
  return {
    pids: pids === null ? null : Number(pids.trim()),
    oomKills: field(read(v2 ? `${dir('memory')}/memory.events` : `${dir('memory')}/memory.oom_control`), 'oom_kill'),
    throttledPeriods: field(cpuStat, 'nr_throttled'),
    cpuSeconds: v2 ? (field(cpuStat, 'usage_usec') ?? NaN) / 1e6 : usageV1 === null ? null : Number(usageV1.trim()) / 1e9,
  };
}

function instanceParent(dataDir: string): string {
  return cgroupParentName(createHash('sha256').update(dataDir).digest('hex').slice(0, 10));
}

/** Every process below the server (sandboxes, checks), alive and not a zombie. */
export function sandboxProcesses(serverPid: number): number[] {
  return descendants(serverPid).filter((p) => p !== serverPid && !isZombie(p));
}

/**
 * Running sandboxes, counted on the host: each is a bwrap process the server
 * started on a pty (its child, also named bwrap, is the sandbox's pid 1).
 */
export function bwrapCount(serverPid: number): number {
  return sandboxProcesses(serverPid).filter((p) => comm(p) === 'bwrap' && parentOf(p) === serverPid).length;
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export interface RoundTrips {
  samples: number[];
  median: number;
  p90: number;
  max: number;
}

/**
 * Types `count` keystrokes at the prompt, one at a time, each when the last
 * one's echo has come back, and times each round trip (browser → server →
 * pty → readline → pty → server → browser). Clears the line after.
 */
export async function echoRoundTrips(term: TerminalClient, count = 20, timeoutMs = 5000): Promise<RoundTrips> {
  const samples: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    const key = letters[i % letters.length]!;
    const from = term.output.length;
    const t0 = performance.now();
    term.type(key);
    await term.waitFor(key, timeoutMs, from);
    samples.push(performance.now() - t0);
  }
  term.type('\x15'); // Ctrl-U: the typed letters never run
  return summarize(samples);
}

export function summarize(samples: number[]): RoundTrips {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { samples, median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! };
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function sleep(msToWait: number): Promise<void> {
  await new Promise((r) => setTimeout(r, msToWait));
}

/**
 * Time of one GET /healthz, in ms, on a connection of its own kept open
 * between calls: what is measured is the server, not a client-side queue
 * behind a burst of other requests.
 */
export async function healthzMs(url: string): Promise<number> {
  const t0 = performance.now();
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.get(`${url}/healthz`, { agent: healthAgent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  if (status !== 200) throw new Error(`/healthz answered ${status}`);
  return performance.now() - t0;
}

const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

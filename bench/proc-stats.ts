/** Reads what a process and a cgroup cost, straight from /proc and /sys/fs/cgroup. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** User + system CPU seconds the process has used. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Every descendant pid of `pid` (via each task's children file in /proc). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    let tasks: string[] = [];
    try { tasks = readdirSync(`/proc/${p}/task`); } catch { continue; }
    for (const t of tasks) {
      let text = '';
      try { text = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'); } catch { continue; }
      for (const c of text.trim().split(/\s+/)) if (c) { out.push(Number(c)); stack.push(Number(c)); }
    }
  }
  return out;
}

export interface CgroupUsage {
  memoryBytes: number;
  pids: number;
  cpuSeconds: number;
}

const ROOT = '/sys/fs/cgroup';

/**
 * A sandbox's cgroup usage, found by its directory name (bubblewrap: the
 * session id, under a syslab-* parent; Docker: the container id, under
 * docker/), v1 or v2. Null when no such cgroup exists.
 */
export function cgroupUsage(id: string): CgroupUsage | null {
  if (existsSync(`${ROOT}/memory`)) {
    const mem = findChild(`${ROOT}/memory`, id);
    if (!mem) return null;
    const pidsDir = findChild(`${ROOT}/pids`, id);
    const cpuDir = findChild(`${ROOT}/cpuacct`, id) ?? findChild(`${ROOT}/cpu,cpuacct`, id) ?? findChild(`${ROOT}/cpu`, id);
    return {
      memoryBytes: readNumber(`${mem}/memory.usage_in_bytes`),
      pids: pidsDir ? readNumber(`${pidsDir}/pids.current`) : 0,
      cpuSeconds: cpuDir && existsSync(`${cpuDir}/cpuacct.usage`) ? readNumber(`${cpuDir}/cpuacct.usage`) / 1e9 : 0,
    };
  }
  const dir = findChild(ROOT, id);
  if (!dir) return null;
  const usec = /usage_usec (\d+)/.exec(safeRead(`${dir}/cpu.stat`))?.[1];
  return {
    memoryBytes: readNumber(`${dir}/memory.current`),
    pids: readNumber(`${dir}/pids.current`),
    cpuSeconds: usec ? Number(usec) / 1e6 : 0,
  };
}

function findChild(hierarchy: string, id: string): string | null {
  if (!existsSync(hierarchy)) return null;
  for (const parent of readdirSync(hierarchy)) {
    // bubblewrap: syslab-<instance>/<session id>; Docker: docker/<container id>.
    if (!parent.startsWith('syslab-') && parent !== 'docker') continue;
    const dir = `${hierarchy}/${parent}/${id}`;
    if (existsSync(dir)) return dir;
  }
  return null;
}

function safeRead(file: string): string {
  try { return readFileSync(file, 'utf8'); } catch { return ''; }
}

function readNumber(file: string): number {
  return Number(safeRead(file).trim()) || 0;
}

/** Total RSS of every process whose command name matches (dockerd, containerd-shim…). */
export function rssOfCommands(pattern: RegExp): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = safeRead(`/proc/${entry}/comm`).trim();
    if (!pattern.test(comm)) continue;
    try { total += rssBytes(Number(entry)); } catch { /* gone */ }
  }
  return total;
}

/** The most memory the sandbox's cgroup has used since it was made (v1 max_usage, v2 memory.peak), or null. */
export function cgroupPeakMemory(id: string): number | null {
  if (existsSync(`${ROOT}/memory`)) {
    const mem = findChild(`${ROOT}/memory`, id);
    return mem ? readNumber(`${mem}/memory.max_usage_in_bytes`) : null;
  }
  const dir = findChild(ROOT, id);
  return dir && existsSync(`${dir}/memory.peak`) ? readNumber(`${dir}/memory.peak`) : null;
}

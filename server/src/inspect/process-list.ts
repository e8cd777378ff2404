/**
 * The processes view: who runs in the sandbox, in which group and session,
 * who holds the terminal's foreground, and how each treats signals.
 */
import type { ProcessInfo } from '../../../common/src/inspect-api.js';
import { splitHeadOutput } from './proc/head-frames.js';
import { learnerPids } from './proc/learner-pids.js';
import { parseStat, type ProcStat } from './proc/proc-stat.js';
import { parseSignalSets } from './proc/signal-masks.js';

const PAGE_KIB = 4;

/**
 * One reader process inside the sandbox reads every process's stat, status
 * and cmdline; /proc/self/stat first names the reader so it can be left out.
 */
export const PROCESS_SNAPSHOT_SCRIPT =
  'exec head -c 65536 /proc/self/stat /proc/[0-9]*/stat /proc/[0-9]*/status /proc/[0-9]*/cmdline 2>/dev/null';

/** Parses the reader's output into the learner's processes (learnerPids). */
export function parseProcessSnapshot(text: string): ProcessInfo[] {
  const files = splitHeadOutput(text);
  const stats = new Map<number, ProcStat>();
  for (const [path, content] of files) {
    const m = /^\/proc\/(\d+)\/stat$/.exec(path);
    if (!m) continue;
    const stat = parseStat(content.trim());
    if (stat) stats.set(stat.pid, stat);
  }
  const kept = learnerPids(stats.values());
  const out: ProcessInfo[] = [];
  for (const pid of [...kept].sort((a, b) => a - b)) {
    const stat = stats.get(pid)!;
    const status = files.get(`/proc/${pid}/status`) ?? '';
    const cmdline = files.get(`/proc/${pid}/cmdline`) ?? '';
    out.push({
      pid,
      ppid: stat.ppid,
      pgid: stat.pgrp,
      sid: stat.session,
      state: stat.state,
      comm: stat.comm,
      argv: cmdline.split('\0').filter((arg, i, all) => i < all.length - 1 || arg !== ''),
      foreground: stat.tpgid > 0 && stat.tpgid === stat.pgrp,
      threads: stat.numThreads,
      rssKiB: stat.rssPages * PAGE_KIB,
      signals: parseSignalSets(status),
    });
  }
  return out;
}

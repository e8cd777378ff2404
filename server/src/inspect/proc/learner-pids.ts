/**
 * Which processes are the learner's: the sandbox's pid 1 and its
 * descendants. Whatever `exec` runs beside them (a step's check, the
 * inspectors' own reader) has parent 0 and is left out.
 */
import type { ProcStat } from './proc-stat.js';

export function learnerPids(stats: Iterable<ProcStat>): Set<number> {
  const children = new Map<number, number[]>();
  let hasInit = false;
  for (const s of stats) {
    if (s.pid === 1) hasInit = true;
    const list = children.get(s.ppid) ?? [];
    list.push(s.pid);
    children.set(s.ppid, list);
  }
  const kept = new Set<number>();
  const stack = hasInit ? [1] : [];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (kept.has(pid)) continue;
    kept.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return kept;
}

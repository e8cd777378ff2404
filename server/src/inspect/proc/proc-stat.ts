/** /proc/PID/stat, whose second field is the command name in parentheses and may hold spaces and parentheses itself. */

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Foreground process group of the controlling terminal, -1 without one. */
  tpgid: number;
  numThreads: number;
  rssPages: number;
}

export function parseStat(line: string): ProcStat | null {
  const open = line.indexOf(' (');
  // The name ends at the LAST ")": a program called "a) (b" is legal.
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(line.slice(0, open));
  const rest = line.slice(close + 2).trim().split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  if (!Number.isInteger(pid) || rest.length < 22) return null;
  return {
    pid,
    comm: line.slice(open + 2, close),
    state: rest[0]!,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    tpgid: field(8),
    numThreads: field(20),
    rssPages: field(24),
  };
}

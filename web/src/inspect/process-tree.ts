/**
 * The process list as the Processes tab draws it: a tree by parent pid, in
 * pid order, with pstree-style guides, plus the words a learner reads for
 * the kernel's one-letter states and the compact signal names. Pure: no DOM.
 */
import type { ProcessInfo, SignalSets } from '../../../common/src/inspect-api.js';

export interface ProcessRow {
  process: ProcessInfo;
  depth: number;
  /** Drawn before the command: `├─ `, `│  └─ ` …; empty for a root. */
  guide: string;
}

/**
 * Parents before children, siblings by pid. A process whose parent is not in
 * the list (the sandbox's pid 1, whose parent is outside; an orphan whose
 * parent just exited) is a root.
 */
export function buildProcessTree(processes: readonly ProcessInfo[]): ProcessRow[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const children = new Map<number, ProcessInfo[]>();
  const roots: ProcessInfo[] = [];
  for (const p of processes) {
    if (p.ppid !== p.pid && byPid.has(p.ppid)) {
      const siblings = children.get(p.ppid) ?? [];
      siblings.push(p);
      children.set(p.ppid, siblings);
    } else {
      roots.push(p);
    }
  }
  const rows: ProcessRow[] = [];
  const seen = new Set<number>();
  const visit = (p: ProcessInfo, depth: number, lead: string, last: boolean): void => {
    // Two snapshots read while a pid was reused could make a loop; draw each process once.
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    rows.push({ process: p, depth, guide: depth === 0 ? '' : `${lead}${last ? '└─ ' : '├─ '}` });
    const kids = (children.get(p.pid) ?? []).sort(byPidOrder);
    const nextLead = depth === 0 ? '' : `${lead}${last ? '   ' : '│  '}`;
    kids.forEach((kid, i) => visit(kid, depth + 1, nextLead, i === kids.length - 1));
  };
  for (const root of roots.sort(byPidOrder)) visit(root, 0, '', true);
  // Anything left sits on a parent cycle: show it flat rather than lose it.
  for (const p of [...processes].sort(byPidOrder)) if (!seen.has(p.pid)) visit(p, 0, '', true);
  return rows;
}

function byPidOrder(a: ProcessInfo, b: ProcessInfo): number {
  return a.pid - b.pid;
}

/** proc(5), the third field of /proc/PID/stat. */
const STATE_LABELS: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk wait',
  T: 'stopped',
  t: 'traced',
  Z: 'zombie',
  X: 'dead',
  I: 'idle',
  P: 'parked',
  W: 'waking',
  K: 'wakekill',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? 'unknown';
}

/** A longer explanation, for a tooltip. */
export function stateDescription(state: string): string {
  switch (state) {
    case 'R': return 'R: running, or ready to run';
    case 'S': return 'S: sleeping, waiting for something (input, a timer, a child); a signal wakes it';
    case 'D': return 'D: in uninterruptible sleep, usually waiting for a disk; signals wait until it wakes';
    case 'T': return 'T: stopped by a signal (SIGSTOP, SIGTSTP…); SIGCONT resumes it';
    case 't': return 't: stopped by a tracer (strace, gdb)';
    case 'Z': return 'Z: zombie, exited; its parent has not called wait() yet';
    default: return `${state}: ${stateLabel(state)}`;
  }
}

/** What the command column shows: the command line, or `[comm]` when there is none (a zombie, a kernel-made thread). */
export function commandLine(p: ProcessInfo): string {
  return p.argv.length > 0 ? p.argv.join(' ') : `[${p.comm}]`;
}

/** `SIGTERM` → `TERM`, `SIGRTMIN+2` → `RTMIN+2`: chips have little room. */
export function shortSignalName(name: string): string {
  return name.startsWith('SIG') ? name.slice(3) : name;
}

export const SIGNAL_SET_NAMES = ['pending', 'blocked', 'ignored', 'caught'] as const;
export type SignalSetName = (typeof SIGNAL_SET_NAMES)[number];

/** The non-empty sets, most telling first: a pending signal is news, caught ones are routine. */
export function nonEmptySignalSets(signals: SignalSets): Array<{ set: SignalSetName; names: string[] }> {
  return SIGNAL_SET_NAMES.filter((set) => signals[set].length > 0).map((set) => ({ set, names: signals[set] }));
}

/**
 * The process a view should show when the learner picked none: the program
 * in the terminal's foreground (the leader of that group when there are
 * several, as in a pipeline), else the job the shell started last (labs
 * often say "run it in the background, then look"), else the shell.
 */
export function defaultProcess(processes: readonly ProcessInfo[]): ProcessInfo | null {
  const shell = interactiveShell(processes);
  const foreground = processes.filter((p) => p.foreground && p.pid !== shell?.pid && p.state !== 'Z');
  if (foreground.length > 0) {
    return foreground.find((p) => p.pid === p.pgid) ?? [...foreground].sort(byPidOrder)[0]!;
  }
  const jobs = shell ? processes.filter((p) => p.ppid === shell.pid && p.pid === p.pgid && p.state !== 'Z') : [];
  if (jobs.length > 0) return [...jobs].sort(byPidOrder).at(-1)!;
  return shell ?? [...processes].sort(byPidOrder)[0] ?? null;
}

/**
 * The learner's shell: the session leader whose session holds the terminal's
 * foreground group. Inside the sandbox's pid namespace the shell's session
 * may have been made outside it (sid 0), so a shell by name in that session
 * will do, then any shell, then the first session leader.
 */
export function interactiveShell(processes: readonly ProcessInfo[]): ProcessInfo | null {
  const sorted = [...processes].sort(byPidOrder);
  const foregroundSessions = new Set(sorted.filter((p) => p.foreground).map((p) => p.sid));
  const isLeader = (p: ProcessInfo): boolean => p.pid === p.sid;
  const isShell = (p: ProcessInfo): boolean => SHELL_NAMES.test(p.comm);
  return sorted.find((p) => isLeader(p) && foregroundSessions.has(p.sid))
    ?? sorted.find((p) => isShell(p) && foregroundSessions.has(p.sid))
    ?? sorted.find(isShell)
    ?? sorted.find(isLeader)
    ?? null;
}

const SHELL_NAMES = /^(?:ba|da|z|k|mk|c|tc|fi)?sh$/;

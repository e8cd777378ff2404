/**
 * Shapes of the live inspectors' API (docs/api.md, "Inspectors"): the
 * processes of a sandbox, one process's memory map, the IPC graph between
 * processes, and traced system calls. Shared by server and browser; neither
 * Node nor the DOM is in scope here.
 */

import type { StepView } from './lab-api.js';

/** The views a lab step can open (`view:` in lab.yaml, STEP_VIEWS). */
export type InspectorView = StepView;

/** Signal dispositions of one process, decoded from `/proc/PID/status`. Names like `"SIGTERM"`, `"SIGRTMIN+2"`. */
export interface SignalSets {
  /** SigBlk: masked with sigprocmask; delivery waits until unblocked. */
  blocked: string[];
  /** SigIgn: disposition SIG_IGN. */
  ignored: string[];
  /** SigCgt: a handler is installed. */
  caught: string[];
  /** SigPnd ∪ ShdPnd: raised but not yet delivered (usually because blocked). */
  pending: string[];
}

/** `GET /api/sessions/<id>/processes`: one element per process, pids as the learner sees them. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** One letter from /proc/PID/stat: R running, S sleeping, D disk sleep, T stopped, t traced, Z zombie, I idle, X dead. */
  state: string;
  /** The kernel's name for it (at most 15 bytes; may hold spaces and parentheses). */
  comm: string;
  /** The command line; empty for a zombie. */
  argv: string[];
  /** In the foreground process group of its controlling terminal: Ctrl-C goes to it. */
  foreground: boolean;
  threads: number;
  /** Resident set size in KiB. */
  rssKiB: number;
  signals: SignalSets;
}

export const MAP_KINDS = ['text', 'data', 'bss', 'heap', 'stack', 'mmap', 'anon', 'shm', 'vdso', 'vvar', 'vsyscall', 'other'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** `GET /api/sessions/<id>/processes/<pid>/maps`: one line of `/proc/PID/maps`, with its `smaps` sizes. */
export interface MapEntry {
  /** Hex strings (`"0x55d0c0a00000"`): addresses above 2^53 do not fit a JSON number. */
  start: string;
  end: string;
  /** `r-xp`, `rw-s` … */
  perms: string;
  offset: string;
  /** The file, `[heap]`, `[stack]`, `[vdso]` …, or empty for anonymous memory. */
  path: string;
  kind: MapKind;
  /** end − start, in KiB. */
  sizeKiB: number;
  /** Resident KiB from smaps, or null when smaps could not be read. */
  rssKiB: number | null;
}

export const IPC_NODE_KINDS = ['process', 'pipe', 'fifo', 'unix', 'tcp', 'udp', 'shm', 'mq', 'sysv-shm', 'sysv-msg'] as const;
export type IpcNodeKind = (typeof IPC_NODE_KINDS)[number];

export interface IpcNode {
  /** Stable while the object lives: `p:12`, `pipe:40321`, `unix:40400`, `shm:/counter`. */
  id: string;
  kind: IpcNodeKind;
  /** What to print: the command for a process, the path or address for the rest. */
  label: string;
  /** For process nodes. */
  pid?: number;
  /** More about it: a socket's state, a queue's message count, a segment's size. */
  detail?: string;
}

/** Which way data can flow through a descriptor or mapping. */
export type IpcMode = 'r' | 'w' | 'rw';

export interface IpcEdge {
  /** Always a process node. */
  from: string;
  to: string;
  /** The descriptor number, or null for a mapping with no descriptor (a mmap'd shm object, an attached System V segment). */
  fd: number | null;
  mode: IpcMode;
}

/** `GET /api/sessions/<id>/ipc`. */
export interface IpcGraph {
  nodes: IpcNode[];
  edges: IpcEdge[];
}

/** One traced system call. */
export interface SyscallEvent {
  /** Increases by one per event of a trace, so a client can tell what it has missed. */
  seq: number;
  pid: number;
  /** Wall clock, `HH:MM:SS.micro`, as strace prints it. */
  time: string;
  name: string;
  /** The arguments as strace decoded them (strings abbreviated). */
  args: string;
  /** What it returned, e.g. `3`, `-1`, `0x55d0c0a00000`, `?` for a call that never returned (exit). */
  result: string;
  /** `ENOENT (No such file or directory)` when it failed. */
  error: string | null;
  /** Time in the kernel, microseconds; null when strace had none (exit, interrupted). */
  durationUs: number | null;
}

/** A signal or exit strace reported between calls. */
export interface TraceNotice {
  seq: number;
  pid: number;
  time: string;
  text: string;
}

export interface SyscallSummaryRow {
  name: string;
  calls: number;
  errors: number;
  totalUs: number;
}

/** What to trace: every process the shell starts from now on, or one process (and the children it starts). */
export type TraceTarget = { kind: 'shell' } | { kind: 'pid'; pid: number };

/** `GET /api/sessions/<id>/trace` and the `trace` stream event. */
export interface TraceStatus {
  running: boolean;
  target: TraceTarget | null;
  /** When the current (or last) trace started, ISO 8601: a new value means a new trace. Null before the first. */
  startedAt: string | null;
  /** Why the trace stopped, when it stopped on its own (the process exited, strace failed). */
  stoppedReason: string | null;
  /** Per-syscall counts since the trace started, most time first. */
  summary: SyscallSummaryRow[];
  /** Events seen in all; the stream carries the newest. */
  events: number;
}

/**
 * The stream, `GET /api/sessions/<id>/inspect?views=…` (Server-Sent Events):
 * each event's name is a key here and its data the JSON value.
 */
export interface InspectorEvents {
  processes: ProcessInfo[];
  maps: { pid: number; entries: MapEntry[] };
  ipc: IpcGraph;
  /** New calls since the last batch. `dropped` counts calls not sent because they came faster than a view can show (the summary still counts them). */
  syscalls: { events: SyscallEvent[]; notices: TraceNotice[]; dropped: number };
  trace: TraceStatus;
  /** A view could not be read; the stream goes on. */
  problem: { view: InspectorView | 'maps'; message: string };
}

/** `POST /api/sessions/<id>/processes/<pid>/signal`. */
export interface SignalRequest {
  signal: string;
  /** Send to the process group whose id is pid (kill(-pgid, sig)). */
  group?: boolean;
}

/** Signals a learner is offered in the process view's menu, most useful first. */
export const COMMON_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTSTP', 'SIGCHLD', 'SIGPIPE', 'SIGALRM', 'SIGSEGV'] as const;

/** Linux x86-64 signal numbers 1–31; 32 and 33 are glibc's own, SIGRTMIN is 34 for programs. */
const STANDARD_SIGNALS = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
] as const;

/** The name of signal `n` (1–64), as the learner would write it for kill -s. */
export function signalName(n: number): string {
  if (n >= 1 && n <= 31) return STANDARD_SIGNALS[n - 1]!;
  if (n === 32 || n === 33) return `SIG${n}`;
  if (n === 34) return 'SIGRTMIN';
  if (n === 64) return 'SIGRTMAX';
  if (n > 34 && n < 64) return n <= 49 ? `SIGRTMIN+${n - 34}` : `SIGRTMAX-${64 - n}`;
  throw new RangeError(`no signal ${n}`);
}

/** The number of a signal name (`SIGTERM`, `TERM`, `SIGRTMIN+2`), or null when it is not one. */
export function signalNumber(name: string): number | null {
  const upper = name.trim().toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  for (let n = 1; n <= 64; n++) if (signalName(n) === full) return n;
  return null;
}

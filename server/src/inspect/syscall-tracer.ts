/**
 * The system calls view: strace, run inside the learner's sandbox, attached
 * to a process (and the children it starts) or to the shell. Nothing runs
 * while no trace is on, so the terminal pays nothing for the feature until
 * the learner asks for it.
 */
import type {
  SyscallEvent, SyscallSummaryRow, TraceNotice, TraceStatus, TraceTarget,
} from '../../../common/src/inspect-api.js';
import type { SandboxProcess } from '../sandbox/driver.js';
import { StraceParser } from './proc/strace-parser.js';

export interface TraceHost {
  spawn(argv: string[]): SandboxProcess;
}

export interface TraceBatch {
  events: SyscallEvent[];
  notices: TraceNotice[];
  dropped: number;
}

export interface TraceListener {
  batch(batch: TraceBatch): void;
  status(status: TraceStatus): void;
}

/** Batches go out this often: smooth to watch, cheap to send. */
const FLUSH_MS = 100;
/**
 * A batch carries at most the first HEAD and the last TAIL calls of its
 * 100 ms; the middle of a burst is counted, not sent (no view can show
 * 10,000 lines a second). Keeping the tail means the end of a burst, often
 * the next command's start, is never lost.
 */
const BATCH_HEAD = 400;
const BATCH_TAIL = 400;
/** What a view that opens mid-trace is shown first. */
const RECENT_EVENTS = 500;
const SUMMARY_ROWS = 60;

/**
 * -f follows children; -tt -T give wall time and time in the kernel; -s 64
 * keeps strings short. `-o '|cat'` makes strace prefix every line with its
 * pid (it does so whenever its output is not stderr) and keeps the trace
 * apart from strace's own messages on stderr, where "Process N attached"
 * tells us the trace has begun.
 */
export function straceArgv(pid: number): string[] {
  return ['strace', '-f', '-tt', '-T', '-s', '64', '-o', '|cat', '-p', String(pid)];
}

/** strace attaches and dies in milliseconds; past this, answer with what we have. */
const STRACE_WAIT_MS = 3000;

export class SyscallTracer {
  private process: SandboxProcess | null = null;
  private target: TraceTarget | null = null;
  private stoppedReason: string | null = null;
  private seq = 0;
  private summary = new Map<string, SyscallSummaryRow>();
  private recent: SyscallEvent[] = [];
  private pending: TraceBatch = { events: [], notices: [], dropped: 0 };
  /** The newest calls past the batch's head, at most BATCH_TAIL. */
  private tail: SyscallEvent[] = [];
  private startedAt: string | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<TraceListener>();

  constructor(private readonly host: TraceHost) {}

  /**
   * Starts tracing `pid` (already checked to be the learner's), replacing any
   * trace running. `ownPid`, for a shell target, is left out of the stream:
   * "what the shell starts", not the shell reading each keystroke.
   */
  async start(target: TraceTarget, pid: number, ownPid: number | null): Promise<TraceStatus> {
    this.stopProcess();
    this.target = target;
    this.stoppedReason = null;
    this.seq = 0;
    this.summary = new Map();
    this.recent = [];
    this.pending = { events: [], notices: [], dropped: 0 };
    this.tail = [];
    this.startedAt = new Date().toISOString();
    const child = this.host.spawn(straceArgv(pid));
    this.process = child;
    const parser = new StraceParser();
    let partial = '';
    child.onStdout((chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const item = parser.push(line);
        if (!item) continue;
        if ('call' in item) {
          if (item.call.pid !== ownPid) this.record({ seq: ++this.seq, ...item.call });
        } else if (item.notice.pid !== ownPid) {
          this.pending.notices.push({ seq: ++this.seq, ...item.notice });
        }
      }
      this.scheduleFlush();
    });
    let errors = '';
    let attached!: () => void;
    const attach = new Promise<void>((resolve) => { attached = resolve; });
    child.onStderr((chunk) => {
      if (errors.length < 2000) errors += chunk.toString('utf8');
      if (/Process \d+ attached/.test(errors)) attached();
    });
    void child.exited.then(({ exitCode }) => {
      attached();
      if (this.process !== child) return;
      this.process = null;
      this.stoppedReason = stopReason(errors, exitCode);
      this.flush();
      this.emitStatus();
    });
    // Answer once the trace has begun, so what the learner types next is in it.
    await waitAtMost(attach, STRACE_WAIT_MS);
    const status = this.status();
    this.emitStatus();
    return status;
  }

  /** Resolves once strace is gone: after "stopped", the learner's processes run untraced. */
  async stop(): Promise<TraceStatus> {
    const child = this.process;
    if (child) {
      this.stopProcess();
      this.stoppedReason = 'stopped';
      this.flush();
      this.emitStatus();
      await waitAtMost(child.exited, STRACE_WAIT_MS);
    }
    return this.status();
  }

  status(): TraceStatus {
    const summary = [...this.summary.values()].sort((a, b) => b.totalUs - a.totalUs || b.calls - a.calls).slice(0, SUMMARY_ROWS);
    return { running: this.process !== null, target: this.target, startedAt: this.startedAt, stoppedReason: this.stoppedReason, summary, events: this.seq };
  }

  /** The listener gets the status and the recent calls now, then every batch until it unsubscribes. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    listener.status(this.status());
    if (this.recent.length > 0) listener.batch({ events: this.recent.slice(), notices: [], dropped: 0 });
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.stopProcess();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.listeners.clear();
  }

  private record(event: SyscallEvent) {
    const row = this.summary.get(event.name) ?? { name: event.name, calls: 0, errors: 0, totalUs: 0 };
    row.calls++;
    if (event.error) row.errors++;
    row.totalUs += event.durationUs ?? 0;
    this.summary.set(event.name, row);
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS * 2) this.recent = this.recent.slice(-RECENT_EVENTS);
    if (this.pending.events.length < BATCH_HEAD) {
      this.pending.events.push(event);
      return;
    }
    this.tail.push(event);
    if (this.tail.length > BATCH_TAIL) {
      this.tail.shift();
      this.pending.dropped++;
    }
  }

  private scheduleFlush() {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_MS);
  }

  private flush() {
    const batch = { ...this.pending, events: [...this.pending.events, ...this.tail] };
    if (batch.events.length === 0 && batch.notices.length === 0 && batch.dropped === 0) return;
    this.pending = { events: [], notices: [], dropped: 0 };
    this.tail = [];
    for (const l of this.listeners) l.batch(batch);
    // The summary moves with every batch; send it with them, at the same pace.
    this.emitStatus();
  }

  private emitStatus() {
    const status = this.status();
    for (const l of this.listeners) l.status(status);
  }

  private stopProcess() {
    const child = this.process;
    this.process = null;
    child?.kill();
  }
}

function stopReason(stderr: string, exitCode: number | null): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l.startsWith('strace:') && !/Process \d+ (attached|detached)/.test(l));
  if (line) return line;
  return exitCode === 0 ? 'the traced process exited' : `strace ended (exit ${exitCode ?? 'by signal'})`;
}

/** Resolves when `promise` settles or `ms` pass, whichever is first. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}

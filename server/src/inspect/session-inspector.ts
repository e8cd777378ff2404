/**
 * One session's live inspectors: reads the sandbox's processes, a process's
 * memory map and the IPC graph on request, and while someone watches, polls
 * them and pushes what changed. Everything is read inside the sandbox with
 * `exec`, so pids are the learner's and any driver works the same.
 *
 * Polling is paced by the terminal: every TICK_MS while the learner types or
 * a program prints, every IDLE_MS otherwise, and never while no one watches.
 */
import type { Logger } from 'pino';
import type { InspectorEvents, IpcGraph, MapEntry, ProcessInfo, TraceStatus, TraceTarget } from '../../../common/src/inspect-api.js';
import { signalNumber } from '../../../common/src/inspect-api.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { ExecOptions, ExecResult, SandboxProcess } from '../sandbox/driver.js';
import { IPC_SNAPSHOT_SCRIPT, parseIpcSnapshot } from './ipc-graph.js';
import { parseSmaps } from './proc/maps.js';
import { parseProcessSnapshot, PROCESS_SNAPSHOT_SCRIPT } from './process-list.js';
import { SyscallTracer } from './syscall-tracer.js';

export interface InspectedSession {
  readonly id: string;
  readonly lastActivityAt: number;
  exec(argv: string[], options: ExecOptions): Promise<ExecResult>;
  spawn(argv: string[]): SandboxProcess;
}

/** What a watcher asks for: any of the snapshot views, a process's map, and the trace. */
export interface WatchRequest {
  processes: boolean;
  ipc: boolean;
  mapsPid: number | null;
  syscalls: boolean;
}

export type InspectorSink = <K extends keyof InspectorEvents>(event: K, data: InspectorEvents[K]) => void;

/** While the terminal is busy: a change shows within about this long. */
export const TICK_MS = 200;
/** While it is quiet: background changes (a job ending) still show within a second. */
export const IDLE_MS = 1000;
const READ_TIMEOUT_MS = 3000;
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

type ViewKey = 'processes' | 'ipc' | `maps:${number}`;

interface Watcher {
  request: WatchRequest;
  sink: InspectorSink;
  /** What this watcher was last sent, per view, so it only hears of changes. */
  sent: Map<ViewKey, string>;
  unsubscribeTrace: (() => void) | null;
}

export class SessionInspector {
  private readonly watchers = new Set<Watcher>();
  private readonly tracer: SyscallTracer;
  private timer: NodeJS.Timeout | null = null;
  private lastPollAt = 0;
  private polling = false;
  /** A nudge arrived while a poll was running: poll again right after it. */
  private pollAgain = false;
  private disposed = false;

  constructor(private readonly session: InspectedSession, private readonly log: Logger) {
    this.tracer = new SyscallTracer(session);
  }

  async processes(): Promise<ProcessInfo[]> {
    return parseProcessSnapshot(await this.read(['/bin/sh', '-c', PROCESS_SNAPSHOT_SCRIPT], 'processes'));
  }

  async ipc(): Promise<IpcGraph> {
    return parseIpcSnapshot(await this.read(['/bin/sh', '-c', IPC_SNAPSHOT_SCRIPT], 'the IPC graph'));
  }

  async maps(pid: number): Promise<MapEntry[]> {
    // Exit 3: no such process in this sandbox (another sandbox's pids do not exist here).
    const r = await this.session.exec(['/bin/sh', '-c', `[ -d /proc/${pid} ] || exit 3; exec cat /proc/${pid}/smaps`], this.readOptions());
    if (r.exitCode === 3) throw noProcess(pid);
    if (r.exitCode !== 0) throw unreadable(`the memory map of process ${pid}`, r);
    return parseSmaps(r.stdout);
  }

  /** kill(pid, sig), or kill(-pgid, sig) for a group, as the learner's uid inside the sandbox. */
  async signal(pid: number, signal: string, group: boolean): Promise<void> {
    const n = signalNumber(signal);
    if (n === null) throw badRequest(`"${signal}" is not a signal name; use one like SIGTERM, SIGKILL, SIGSTOP, SIGCONT or SIGRTMIN+1`);
    // dash's kill takes "-15 -12" for a group and refuses "--".
    const target = group ? `-${pid}` : String(pid);
    const r = await this.session.exec(['/bin/sh', '-c', `[ -d /proc/${pid} ] || exit 3; kill -${n} ${target}`], this.readOptions());
    if (r.exitCode === 3) throw noProcess(pid);
    if (r.exitCode !== 0) {
      const why = r.stderr.trim().split('\n')[0] || 'kill failed';
      throw new AppError(group && /No such process/i.test(why) ? 404 : 409, 'signal_failed', `could not send ${signal} to ${group ? 'group' : 'process'} ${pid}: ${why}`);
    }
    this.nudge();
  }

  traceStatus(): TraceStatus {
    return this.tracer.status();
  }

  async startTrace(target: TraceTarget): Promise<TraceStatus> {
    const processes = await this.processes();
    let pid: number;
    let ownPid: number | null = null;
    if (target.kind === 'shell') {
      // The shell is the first child of the sandbox's init.
      const shell = processes.filter((p) => p.ppid === 1).sort((a, b) => a.pid - b.pid)[0];
      if (!shell) throw new AppError(409, 'no_shell', 'the sandbox has no shell to trace right now');
      pid = shell.pid;
      ownPid = shell.pid;
    } else {
      if (!processes.some((p) => p.pid === target.pid)) throw noProcess(target.pid);
      pid = target.pid;
    }
    return this.tracer.start(target, pid, ownPid);
  }

  stopTrace(): Promise<TraceStatus> {
    return this.tracer.stop();
  }

  /** Pushes the current state of what was asked for, then each change, until the returned function is called. */
  watch(request: WatchRequest, sink: InspectorSink): () => void {
    const watcher: Watcher = { request, sink, sent: new Map(), unsubscribeTrace: null };
    if (request.syscalls) {
      watcher.unsubscribeTrace = this.tracer.subscribe({
        batch: (b) => sink('syscalls', b),
        status: (s) => sink('trace', s),
      });
    }
    this.watchers.add(watcher);
    if (request.processes || request.ipc || request.mapsPid !== null) this.nudge();
    return () => {
      watcher.unsubscribeTrace?.();
      this.watchers.delete(watcher);
    };
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.tracer.dispose();
    this.watchers.clear();
  }

  /** Poll at the next opportunity (a watcher arrived, a signal was sent). */
  private nudge() {
    this.lastPollAt = 0;
    if (this.polling) this.pollAgain = true;
    else this.schedule(0);
  }

  private schedule(delay: number) {
    if (this.disposed || this.polling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private async poll() {
    this.timer = null;
    const keys = this.wantedViews();
    if (keys.size === 0 || this.disposed) return;
    const now = Date.now();
    const busy = this.session.lastActivityAt > this.lastPollAt;
    if (!busy && now - this.lastPollAt < IDLE_MS) {
      this.schedule(TICK_MS);
      return;
    }
    this.polling = true;
    this.lastPollAt = now;
    try {
      for (const key of keys) await this.refresh(key);
    } finally {
      this.polling = false;
    }
    const again = this.pollAgain;
    this.pollAgain = false;
    if (again) this.lastPollAt = 0;
    this.schedule(again ? 0 : TICK_MS);
  }

  private wantedViews(): Set<ViewKey> {
    const keys = new Set<ViewKey>();
    for (const w of this.watchers) {
      if (w.request.processes) keys.add('processes');
      if (w.request.ipc) keys.add('ipc');
      if (w.request.mapsPid !== null) keys.add(`maps:${w.request.mapsPid}`);
    }
    return keys;
  }

  private async refresh(key: ViewKey) {
    let event: 'processes' | 'ipc' | 'maps';
    let data: InspectorEvents['processes'] | InspectorEvents['ipc'] | InspectorEvents['maps'];
    try {
      if (key === 'processes') { event = 'processes'; data = await this.processes(); }
      else if (key === 'ipc') { event = 'ipc'; data = await this.ipc(); }
      else {
        const pid = Number(key.slice('maps:'.length));
        event = 'maps';
        data = { pid, entries: await this.maps(pid) };
      }
    } catch (err) {
      if (this.disposed) return;
      const view = key === 'processes' || key === 'ipc' ? key : 'maps';
      const message = err instanceof AppError ? err.message : 'the sandbox did not answer';
      if (!(err instanceof AppError)) this.log.warn({ err, session: this.session.id, view }, 'inspector read failed');
      this.deliver(key, 'problem', { view, message });
      return;
    }
    this.deliver(key, event, data);
  }

  private deliver<K extends keyof InspectorEvents>(key: ViewKey, event: K, data: InspectorEvents[K]) {
    const json = JSON.stringify([event, data]);
    for (const w of this.watchers) {
      const wants = key === 'processes' ? w.request.processes : key === 'ipc' ? w.request.ipc : key === `maps:${w.request.mapsPid}`;
      if (!wants || w.sent.get(key) === json) continue;
      w.sent.set(key, json);
      w.sink(event, data);
    }
  }

  private readOptions(): ExecOptions {
    return { timeoutMs: READ_TIMEOUT_MS, maxOutputBytes: MAX_SNAPSHOT_BYTES };
  }

  private async read(argv: string[], what: string): Promise<string> {
    const r = await this.session.exec(argv, this.readOptions());
    // head and find exit non-zero when a process vanishes mid-read; the output is still good.
    if (r.timedOut || r.truncated || (r.exitCode === null && r.stdout === '')) throw unreadable(what, r);
    return r.stdout;
  }
}

function noProcess(pid: number): AppError {
  return notFound('process_not_found', `no process ${pid} in this sandbox; GET /api/sessions/<id>/processes lists them`);
}

function unreadable(what: string, r: ExecResult): AppError {
  const why = r.timedOut ? 'the sandbox took too long to answer (is it out of processes or memory?)'
    : r.truncated ? 'there is too much of it' : r.stderr.trim().split('\n')[0] || `exit ${r.exitCode ?? r.signal}`;
  return new AppError(503, 'inspect_failed', `could not read ${what}: ${why}`);
}

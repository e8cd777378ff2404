/**
 * One learner's session: a sandbox, the terminal running its shell, a mirror of
 * the screen for replay, and the sockets attached to it. It outlives its
 * sockets; it ends when the shell exits or the manager destroys it.
 */
import type { Logger } from 'pino';
import { FlowControl } from '../../../common/src/flow-control.js';
import { CloseCode, type TerminalRole } from '../../../common/src/protocol.js';
import {
  SandboxError, type ExecOptions, type ExecResult, type Sandbox, type SandboxProcess, type TerminalStream,
} from '../sandbox/driver.js';
import { DisposableStore } from './disposables.js';
import { OutputBatcher } from './output-batcher.js';
import { TerminalMirror } from './terminal-mirror.js';
import type { TerminalPeer } from './terminal-peer.js';
import type { TerminalTap } from './terminal-tap.js';

export const INITIAL_COLS = 80;
export const INITIAL_ROWS = 24;
/** How often to look whether the shell has drained paused input. */
const INPUT_DRAIN_POLL_MS = 10;

export interface SessionLimits {
  /** A sandbox not ready after this long is given up on (whatever its driver's own timeout). */
  startTimeoutMs: number;
  maxSockets: number;
  maxPendingInputBytes: number;
  scrollbackLines: number;
}

export interface SessionInfo {
  id: string;
  lab: string;
  /** The learner whose progress this session adds to (store/learner-store.ts). */
  learnerId: string;
  clientKey: string;
  tokenHash: string;
}

/** One socket's place in the session. */
export class Attachment {
  /** Bytes sent to this socket and not yet acknowledged. */
  unacked = 0;
  /** False until the screen replay went out; live output waits in `backlog` meanwhile. */
  live = false;
  backlog: Buffer[] = [];

  constructor(readonly peer: TerminalPeer) {}

  get role(): TerminalRole {
    return this.peer.role;
  }
}

export type EndReason = 'exited' | 'destroyed' | 'idle' | 'max_age' | 'shutdown' | 'failed';

export class Session {
  readonly createdAt = Date.now();
  /** When the terminal last carried a byte either way: the inspectors look closer while the learner works. */
  lastActivityAt = Date.now();
  /** Last input from an owner, or last time an owner attached or detached. */
  lastActivity = Date.now();
  private readonly attachments = new Set<Attachment>();
  /** Each tap's events wait in its queue until the screen it starts from went out. */
  private readonly taps = new Map<TerminalTap, Array<(tap: TerminalTap) => void> | null>();
  private readonly disposables = new DisposableStore();
  private readonly mirror: TerminalMirror;
  private readonly batcher: OutputBatcher;
  private paused = false;
  private inputDrainTimer: NodeJS.Timeout | null = null;
  private ended: Promise<void> | null = null;
  private readonly endListeners = new Set<(reason: EndReason) => void>();

  private constructor(
    readonly info: SessionInfo,
    private readonly sandbox: Sandbox,
    private readonly terminal: TerminalStream,
    private readonly limits: SessionLimits,
    private readonly log: Logger,
  ) {
    // Registered first, so disposed last: the sandbox goes after everything using it.
    this.disposables.defer(() => sandbox.destroy());
    this.disposables.defer(() => { if (this.inputDrainTimer) clearInterval(this.inputDrainTimer); });
    this.disposables.defer(() => terminal.kill());
    this.mirror = this.disposables.add(new TerminalMirror(INITIAL_COLS, INITIAL_ROWS, limits.scrollbackLines, () => this.updateFlow()));
    this.batcher = this.disposables.add(new OutputBatcher((batch) => this.broadcast(batch)));
    this.disposables.add(terminal.onData((data) => {
      this.lastActivityAt = Date.now();
      this.batcher.push(data);
    }));
    void terminal.exited.then(({ code, signal }) => {
      if (this.isEnded) return;
      this.batcher.flush();
      for (const a of this.attachments) a.peer.sendJson({ type: 'exit', code, signal });
      void this.end('exited');
    });
  }

  /**
   * Starts the sandbox's shell on a terminal and waits until the sandbox is
   * ready. On failure everything is torn down and the SandboxError is rethrown.
   */
  static async start(info: SessionInfo, sandbox: Sandbox, limits: SessionLimits, log: Logger): Promise<Session> {
    try {
      const terminal = await withTimeout(sandbox.attach({ cols: INITIAL_COLS, rows: INITIAL_ROWS }), limits.startTimeoutMs, () => new SandboxError(
        'The sandbox took too long to start. Try again in a moment.',
        `not ready after ${limits.startTimeoutMs} ms`, 'start_timeout'));
      return new Session(info, sandbox, terminal, limits, log);
    } catch (err) {
      // destroy() ends the terminal too, even one whose attach is still under way.
      await sandbox.destroy().catch(() => {});
      throw err;
    }
  }

  /**
   * A session on a sandbox whose shell already runs on `terminal`, attached
   * at INITIAL_COLS × INITIAL_ROWS (a warm one, sessions/warm-pool.ts). What
   * the shell printed meanwhile (its prompt) is still held by the stream and
   * reaches the mirror first; the owner's resize sets the real size.
   */
  static adopt(info: SessionInfo, sandbox: Sandbox, terminal: TerminalStream, limits: SessionLimits, log: Logger): Session {
    return new Session(info, sandbox, terminal, limits, log);
  }

  get id(): string {
    return this.info.id;
  }

  get isEnded(): boolean {
    return this.ended !== null;
  }

  get socketCount(): number {
    return this.attachments.size;
  }

  get ownerAttached(): boolean {
    for (const a of this.attachments) if (a.role === 'owner') return true;
    return false;
  }

  /** True while a recording follows this terminal: the learner is told (GET /api/sessions/<id>/recording). */
  get isRecorded(): boolean {
    for (const tap of this.taps.keys()) if (tap.kind === 'recording') return true;
    return false;
  }

  get terminalSize(): { cols: number; rows: number } {
    return this.mirror.size;
  }

  /**
   * Follow the terminal from the server (a recording): `tap` gets the screen
   * as it stands, then all output and resizes. The returned function removes it.
   */
  addTap(tap: TerminalTap): () => void {
    if (this.isEnded) return () => {};
    const queue: Array<(t: TerminalTap) => void> = [];
    this.taps.set(tap, queue);
    this.batcher.flush();
    this.mirror.atCurrentScreen((screen) => {
      if (this.taps.get(tap) !== queue) return;
      if (screen) tap.output(Buffer.from(screen, 'utf8'));
      for (const event of queue) event(tap);
      this.taps.set(tap, null);
    });
    return () => { this.taps.delete(tap); };
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * `fn` is called once, when the session ends for any reason. Every
   * listener is kept (the manager, the inspectors, each open stream); the
   * returned function removes this one (a stream closed before the session).
   */
  onEnded(fn: (reason: EndReason) => void): () => void {
    this.endListeners.add(fn);
    return () => this.endListeners.delete(fn);
  }

  /**
   * Attach a socket: it gets a hello, the current screen, then live output.
   * Returns null (and closes the peer) when the session has no room.
   */
  attach(peer: TerminalPeer): Attachment | null {
    if (this.isEnded) {
      peer.close(CloseCode.SESSION_ENDED, 'session ended');
      return null;
    }
    if (this.attachments.size >= this.limits.maxSockets) {
      peer.close(CloseCode.TOO_MANY_SOCKETS, 'too many sockets on this session');
      return null;
    }
    const a = new Attachment(peer);
    this.attachments.add(a);
    if (a.role === 'owner') this.lastActivity = Date.now();
    // Anything still batching belongs before the snapshot point.
    this.batcher.flush();
    this.mirror.atCurrentScreen((screen) => {
      if (!this.attachments.has(a)) return;
      const { cols, rows } = this.mirror.size;
      peer.sendJson({ type: 'hello', role: a.role, cols, rows });
      const replay = Buffer.from(screen, 'utf8');
      if (replay.length > 0) this.send(a, replay);
      for (const chunk of a.backlog) this.send(a, chunk);
      a.backlog = [];
      a.live = true;
      this.updateFlow();
    });
    return a;
  }

  detach(a: Attachment): void {
    if (!this.attachments.delete(a)) return;
    if (a.role === 'owner') this.lastActivity = Date.now();
    this.updateFlow();
  }

  /** Keystrokes from a socket. Watchers cannot type: their input is dropped. */
  input(a: Attachment, data: Buffer): void {
    if (a.role !== 'owner' || this.isEnded) return;
    this.lastActivity = Date.now();
    this.lastActivityAt = Date.now();
    this.terminal.write(data);
    if (!this.inputDrainTimer && this.terminal.pendingInputBytes() > this.limits.maxPendingInputBytes) this.pauseInput();
  }

  resize(a: Attachment, cols: number, rows: number): boolean {
    if (a.role !== 'owner' || this.isEnded) return false;
    this.terminal.resize(cols, rows);
    this.mirror.resize(cols, rows);
    // Watchers draw at the owner's size (their own resizes are refused); tell them it changed.
    for (const w of this.attachments) if (w.role === 'watcher' && w.live) w.peer.sendJson({ type: 'resize', cols, rows });
    for (const [tap, queue] of this.taps) {
      if (queue) queue.push((t) => t.resize(cols, rows));
      else tap.resize(cols, rows);
    }
    return true;
  }

  ack(a: Attachment, bytes: number): void {
    a.unacked = Math.max(0, a.unacked - bytes);
    this.updateFlow();
  }

  exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    return this.sandbox.exec(argv, options);
  }

  spawn(argv: string[]): SandboxProcess {
    return this.sandbox.spawn(argv);
  }

  stats() {
    return this.sandbox.stats();
  }

  /** End the session: tell the sockets, close them, destroy the sandbox. Idempotent. */
  end(reason: EndReason): Promise<void> {
    this.ended ??= this.teardown(reason);
    return this.ended;
  }

  private async teardown(reason: EndReason) {
    const message = {
      exited: 'the shell exited',
      destroyed: 'session destroyed',
      idle: 'session ended after being idle',
      max_age: 'session reached its maximum age',
      shutdown: 'server shutting down',
      failed: 'session failed',
    }[reason];
    for (const a of this.attachments) {
      if (reason === 'shutdown') a.peer.sendJson({ type: 'shutdown', message });
      a.peer.close(reason === 'shutdown' ? CloseCode.GOING_AWAY : CloseCode.SESSION_ENDED, message);
    }
    this.attachments.clear();
    try {
      await this.disposables.dispose();
    } catch (err) {
      this.log.error({ err, session: this.id }, 'error while tearing down session');
    }
    this.log.info({ session: this.id, reason }, 'session ended');
    for (const fn of this.endListeners) fn(reason);
    this.endListeners.clear();
  }

  private broadcast(batch: Buffer) {
    this.mirror.write(batch);
    for (const [tap, queue] of this.taps) {
      if (queue) queue.push((t) => t.output(batch));
      else tap.output(batch);
    }
    for (const a of this.attachments) {
      if (a.live) this.send(a, batch);
      else a.backlog.push(batch);
    }
    this.updateFlow();
  }

  private send(a: Attachment, data: Buffer) {
    a.unacked += data.length;
    a.peer.sendBinary(data);
  }

  /**
   * Pause the terminal while the mirror or any owner socket is more than the high
   * watermark behind; resume once all are below the low one. A watcher that
   * falls that far behind is dropped instead: it must never slow the learner.
   */
  private updateFlow() {
    if (this.isEnded) return;
    let worst = this.mirror.pendingBytes;
    for (const a of this.attachments) {
      if (a.role === 'watcher') {
        if (a.unacked > FlowControl.HIGH_WATERMARK_BYTES) {
          this.attachments.delete(a);
          a.peer.close(CloseCode.TOO_SLOW, 'watcher fell too far behind');
        }
        continue;
      }
      worst = Math.max(worst, a.unacked);
    }
    if (!this.paused && worst > FlowControl.HIGH_WATERMARK_BYTES) {
      this.paused = true;
      this.terminal.pause();
    } else if (this.paused && worst < FlowControl.LOW_WATERMARK_BYTES) {
      this.paused = false;
      this.terminal.resume();
    }
  }

  /**
   * Too much input is waiting for the shell (a giant paste into a program
   * that is not reading): stop reading the owners' sockets, so TCP pushes
   * back on the client, until the terminal has taken it.
   */
  private pauseInput() {
    for (const a of this.attachments) if (a.role === 'owner') a.peer.pauseInput();
    this.inputDrainTimer = setInterval(() => {
      if (this.isEnded || this.terminal.pendingInputBytes() <= this.limits.maxPendingInputBytes / 2) {
        clearInterval(this.inputDrainTimer!);
        this.inputDrainTimer = null;
        for (const a of this.attachments) if (a.role === 'owner') a.peer.resumeInput();
      }
    }, INPUT_DRAIN_POLL_MS);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(error()), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

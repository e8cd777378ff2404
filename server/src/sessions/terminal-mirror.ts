/**
 * A headless xterm.js fed with the same bytes as the learner's terminal, so
 * a reconnecting or newly watching socket gets the current screen (and some
 * scrollback) instead of a blank one. The parsing happens on the mirror
 * thread (mirror-worker.ts); this is the session's handle on it.
 *
 * A flood never reaches the thread. Past MIRROR_FLOOD_BYTES of output with no
 * quiet spell, this handle stops sending and keeps only the newest
 * MIRROR_FLOOD_TAIL_BYTES; once output has been quiet for MIRROR_FLOOD_SETTLE_MS
 * (or a screen or a resize is asked for), the thread resets its terminal and
 * parses that tail. Copying every frame and posting it to the thread, only for
 * the thread to drop it, was a fifth of the event loop's work in a flood
 * (docs/performance.md, "Flood: the mirror's copies").
 */
import {
  MIRROR_FLOOD_BYTES, MIRROR_FLOOD_SETTLE_MS, MIRROR_FLOOD_TAIL_BYTES, MirrorThread, type MirrorClient,
} from './mirror-worker.js';

export class TerminalMirror implements MirrorClient {
  private id: number;
  private thread: MirrorThread;
  /** Bytes handed to the mirror thread that it has not parsed yet. Feeds flow control. */
  private pending = 0;
  private cols: number;
  private rows: number;
  private disposed = false;
  private nextRequest = 1;
  private readonly screenWaiters = new Map<number, (screen: string) => void>();
  /** Bytes of output since the last quiet spell: past MIRROR_FLOOD_BYTES it is a flood. */
  private burst = 0;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** A flood's newest output, not yet sent to the thread (at most MIRROR_FLOOD_TAIL_BYTES plus one chunk); empty when not flooding. */
  private held: Uint8Array[] = [];
  private heldSize = 0;
  private settleTimer: NodeJS.Timeout | null = null;

  constructor(cols: number, rows: number, private readonly scrollback: number, private readonly onDrained: () => void,
    /** The thread to parse on (tests pass their own); by default the process's one, started again if it dies. */
    private readonly threads: () => MirrorThread = () => MirrorThread.get(),
    /** Milliseconds, monotonic; tests pass their own. */
    private readonly now: () => number = () => performance.now()) {
    this.cols = cols;
    this.rows = rows;
    this.thread = threads();
    this.id = this.thread.open(this, cols, rows, scrollback);
  }

  get pendingBytes(): number {
    return this.pending;
  }

  /** A flood's tail kept here for the thread: bounded, and never counted by flow control. */
  get heldBytes(): number {
    return this.heldSize;
  }

  write(data: Uint8Array): void {
    if (this.disposed || data.length === 0) return;
    const at = this.now();
    if (at - this.lastWriteAt >= MIRROR_FLOOD_SETTLE_MS) this.burst = 0;
    this.lastWriteAt = at;
    this.burst += data.length;
    if (this.burst > MIRROR_FLOOD_BYTES) {
      this.hold(data);
      return;
    }
    this.post(data, false);
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.cols = cols;
    this.rows = rows;
    this.releaseHeld();
    this.liveThread().post({ t: 'resize', id: this.id, cols, rows });
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  /**
   * Calls `fn` with the screen as of every byte written so far. Messages to
   * the thread keep their order, so the snapshot is taken after those bytes
   * and before any written later: what the caller sends next (buffered
   * since) continues exactly where the snapshot ends. After a flood, the
   * screen is drawn from the flood's tail.
   */
  atCurrentScreen(fn: (screen: string) => void): void {
    if (this.disposed) return;
    this.releaseHeld();
    const req = this.nextRequest++;
    this.screenWaiters.set(req, fn);
    this.liveThread().post({ t: 'screen', id: this.id, req });
  }

  /** @internal from the mirror thread */
  drained(bytes: number): void {
    this.pending = Math.max(0, this.pending - bytes);
    if (!this.disposed) this.onDrained();
  }

  /** @internal from the mirror thread */
  screen(req: number, screen: string): void {
    const fn = this.screenWaiters.get(req);
    this.screenWaiters.delete(req);
    fn?.(screen);
  }

  /**
   * @internal from the mirror thread: it is gone (a crash, or its heap
   * limit). Whatever it held is lost; pending bytes are let go (or flow
   * control would hold the terminal paused for ever) and screens asked for
   * are answered blank. The mirror opens again, blank, on the next write or
   * request, and rebuilds from the output that follows.
   */
  lost(): void {
    this.pending = 0;
    for (const fn of this.screenWaiters.values()) fn('');
    this.screenWaiters.clear();
    if (!this.disposed) this.onDrained();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.held = [];
    this.heldSize = 0;
    this.screenWaiters.clear();
    if (this.thread.alive) this.thread.close(this.id);
  }

  /** The thread this mirror lives on, opened again on a new one if the last one died. */
  private liveThread(): MirrorThread {
    if (!this.thread.alive) {
      this.thread = this.threads();
      this.id = this.thread.open(this, this.cols, this.rows, this.scrollback);
    }
    return this.thread;
  }

  /**
   * `reset`: the thread drops what it has not parsed and starts its terminal
   * afresh from this tail (from its first line start).
   */
  private post(data: Uint8Array, reset: boolean): void {
    const thread = this.liveThread();
    this.pending += data.length;
    // An exact copy, moved (not cloned) to the thread: the caller's buffer is
    // also going to sockets, and may be a view into a much larger one.
    const copy = new Uint8Array(data);
    thread.post({ t: 'write', id: this.id, data: copy, ...(reset ? { reset: true } : {}) }, [copy.buffer]);
  }

  private hold(data: Uint8Array): void {
    this.held.push(data);
    this.heldSize += data.length;
    // Whole chunks while what is left still covers MIRROR_FLOOD_TAIL_BYTES; the cut inside one is made on release.
    while (this.held.length > 1 && this.heldSize - this.held[0]!.length >= MIRROR_FLOOD_TAIL_BYTES) {
      this.heldSize -= this.held.shift()!.length;
    }
    this.settleTimer ??= setTimeout(() => this.settle(), MIRROR_FLOOD_SETTLE_MS);
  }

  /** One timer per flood, not one per chunk: it looks again until output has been quiet long enough. */
  private settle(): void {
    this.settleTimer = null;
    if (this.disposed || this.held.length === 0) return;
    const quietFor = this.now() - this.lastWriteAt;
    if (quietFor < MIRROR_FLOOD_SETTLE_MS) {
      this.settleTimer = setTimeout(() => this.settle(), MIRROR_FLOOD_SETTLE_MS - quietFor);
      return;
    }
    this.releaseHeld();
  }

  private releaseHeld(): void {
    if (this.held.length === 0) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const tail = Buffer.concat(this.held, this.heldSize);
    this.held = [];
    this.heldSize = 0;
    this.post(tail.subarray(Math.max(0, tail.length - MIRROR_FLOOD_TAIL_BYTES)), true);
  }
}

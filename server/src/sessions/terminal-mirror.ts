/**
 * A headless xterm.js fed with the same bytes as the learner's terminal, so
 * a reconnecting or newly watching socket gets the current screen (and some
 * scrollback) instead of a blank one. The parsing happens on the mirror
 * thread (mirror-worker.ts); this is the session's handle on it.
 */
import { MirrorThread, type MirrorClient } from './mirror-worker.js';

export class TerminalMirror implements MirrorClient {
  private readonly id: number;
  /** Bytes handed to write() that the mirror thread has not parsed yet. Feeds flow control. */
  private pending = 0;
  private cols: number;
  private rows: number;
  private disposed = false;
  private nextRequest = 1;
  private readonly screenWaiters = new Map<number, (screen: string) => void>();

  constructor(cols: number, rows: number, scrollback: number, private readonly onDrained: () => void,
    private readonly thread: MirrorThread = MirrorThread.get()) {
    this.cols = cols;
    this.rows = rows;
    this.id = thread.open(this, cols, rows, scrollback);
  }

  get pendingBytes(): number {
    return this.pending;
  }

  write(data: Uint8Array): void {
    if (this.disposed || !this.thread.alive) return;
    this.pending += data.length;
    // An exact copy, moved (not cloned) to the thread: the caller's buffer is
    // also going to sockets, and may be a view into a much larger pool slab.
    const copy = new Uint8Array(data);
    this.thread.post({ t: 'write', id: this.id, data: copy }, [copy.buffer]);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.thread.post({ t: 'resize', id: this.id, cols, rows });
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  /**
   * Calls `fn` with the screen as of every byte written so far. Messages to
   * the thread keep their order, so the snapshot is taken after those bytes
   * and before any written later: what the caller sends next (buffered
   * since) continues exactly where the snapshot ends.
   */
  atCurrentScreen(fn: (screen: string) => void): void {
    if (this.disposed) return;
    if (!this.thread.alive) {
      fn('');
      return;
    }
    const req = this.nextRequest++;
    this.screenWaiters.set(req, fn);
    this.thread.post({ t: 'screen', id: this.id, req });
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

  /** @internal from the mirror thread */
  lost(): void {
    this.pending = 0;
    for (const fn of this.screenWaiters.values()) fn('');
    this.screenWaiters.clear();
    if (!this.disposed) this.onDrained();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.screenWaiters.clear();
    this.thread.close(this.id);
  }
}

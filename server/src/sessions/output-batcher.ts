/**
 * Coalesces pty output into few, large frames during a burst without
 * delaying an echo. A chunk that follows a pause of OUTPUT_QUIET_MS or more
 * (a keystroke's echo, a prompt, a line of a slow build) goes out at once,
 * with anything still held before it. Chunks that follow each other closer
 * than that are a burst (`cat`, `yes`, a compiler's output): they are held
 * for up to OUTPUT_BATCH_MS or OUTPUT_BATCH_MAX_BYTES and sent as one frame.
 * So an idle terminal answers in the time the pty takes, however fast the
 * keys come, and a flood still goes out in frames of tens of kilobytes
 * (docs/performance.md, "Echo: the batcher held every keystroke 5 ms").
 * Bytes are never re-encoded.
 */
import { OUTPUT_BATCH_MAX_BYTES, OUTPUT_BATCH_MS, OUTPUT_QUIET_MS } from '../../../common/src/flow-control.js';

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastChunkAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flushTo: (batch: Buffer) => void,
    /** Milliseconds, monotonic; tests pass their own. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(chunk: Buffer): void {
    const at = this.now();
    const afterPause = at - this.lastChunkAt >= OUTPUT_QUIET_MS;
    this.lastChunkAt = at;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (afterPause || this.size >= OUTPUT_BATCH_MAX_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), OUTPUT_BATCH_MS);
  }

  /** Send what is held now (also before a screen snapshot and at exit). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.size === 0) return;
    const batch = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.flushTo(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chunks = [];
    this.size = 0;
  }
}

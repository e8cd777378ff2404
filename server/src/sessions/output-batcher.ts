/**
 * Coalesces pty output into few, large frames under load without delaying
 * an echo. The first chunk after a quiet spell goes out at once (a keystroke's
 * echo, a prompt); chunks that follow within OUTPUT_BATCH_MS of a send are
 * held and sent together when that window closes (or once they reach
 * OUTPUT_BATCH_MAX_BYTES), and the window reopens only while output keeps
 * coming. So an idle terminal answers in the time the pty takes, and a
 * flood still goes out in frames of tens of kilobytes (docs/performance.md,
 * "Echo: the batcher held every keystroke 5 ms"). Bytes are never re-encoded.
 */
import { OUTPUT_BATCH_MAX_BYTES, OUTPUT_BATCH_MS } from '../../../common/src/flow-control.js';

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Set while a batching window is open: something was sent less than OUTPUT_BATCH_MS ago. */
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly flushTo: (batch: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.timer === null) {
      // Quiet until now: send straight away, then batch whatever follows.
      this.openWindow();
      this.flushTo(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= OUTPUT_BATCH_MAX_BYTES) this.sendHeld();
  }

  /** Send what is held now (before a screen snapshot, at exit); the window stays as it was. */
  flush(): void {
    this.sendHeld();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chunks = [];
    this.size = 0;
  }

  private openWindow() {
    this.timer = setTimeout(() => this.windowClosed(), OUTPUT_BATCH_MS);
  }

  private windowClosed() {
    this.timer = null;
    if (this.size === 0) return; // went quiet: the next chunk is sent at once
    this.sendHeld();
    // Still busy: keep batching for another window.
    this.openWindow();
  }

  private sendHeld() {
    if (this.size === 0) return;
    const batch = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.flushTo(batch);
  }
}

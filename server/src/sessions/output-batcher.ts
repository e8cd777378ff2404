/**
 * Coalesces pty output for OUTPUT_BATCH_MS (or until OUTPUT_BATCH_MAX_BYTES)
 * so a flood goes out as a few large frames and an echo still leaves within
 * a few milliseconds. Bytes are never re-encoded.
 */
import { OUTPUT_BATCH_MAX_BYTES, OUTPUT_BATCH_MS } from '../../../common/src/flow-control.js';

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly flushTo: (batch: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= OUTPUT_BATCH_MAX_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), OUTPUT_BATCH_MS);
  }

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

/**
 * How many input bytes node-pty still holds for the shell. node-pty 1.x
 * queues writes the kernel refused (EAGAIN) in a private write queue and
 * exposes no count; we read it here, in one place, so the pending-input cap
 * works. If a node-pty upgrade moves it, this returns 0 and the 50 MB paste
 * test in tests/terminal fails loudly rather than memory growing silently.
 */
import type { IPty } from 'node-pty';

interface QueuedWrite { buffer: { length: number }; offset: number }

export function pendingInputBytes(term: IPty): number {
  const queue = (term as unknown as { _writeStream?: { _writeQueue?: QueuedWrite[] } })._writeStream?._writeQueue;
  if (!Array.isArray(queue)) return 0;
  let total = 0;
  for (const w of queue) total += w.buffer.length - w.offset;
  return total;
}

/**
 * The Engine API multiplexes a non-TTY exec's stdout and stderr on one
 * stream: each frame is an 8-byte header (stream type, 3 zero bytes, length
 * as big-endian uint32) and that many bytes. Pure, so it is tested on
 * frames split at every byte.
 */
const HEADER_BYTES = 8;
const STDOUT = 1;
const STDERR = 2;

export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onStdout: (b: Buffer) => void, private readonly onStderr: (b: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER_BYTES) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_BYTES + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      this.pending = this.pending.subarray(HEADER_BYTES + size);
      if (type === STDERR) this.onStderr(payload);
      else if (type === STDOUT) this.onStdout(payload);
      // Type 0 (stdin echo) never carries anything we asked for.
    }
  }
}

/** One frame as the engine writes it (for tests). */
export function frame(type: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

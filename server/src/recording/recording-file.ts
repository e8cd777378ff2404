/**
 * Appends a recording's lines to its file without blocking the event loop
 * and without unbounded memory: lines gather for FLUSH_INTERVAL_MS (or
 * FLUSH_BYTES), then go out in one write; one write is in flight at a time.
 * If the disk falls more than MAX_PENDING_BYTES behind, append() says so
 * and the caller stops recording.
 */
import { close, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { RecordingLimits } from './recording-limits.js';

const writeAsync = promisify(write);
const closeAsync = promisify(close);

export class RecordingFile {
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private closed: Promise<void> | null = null;
  private failure: Error | null = null;
  private readonly fd: number;

  /**
   * Creates the file (never overwrites one: ids are unique, so an existing
   * file is a bug) readable by the server's user only, like the database.
   * @throws the open(2) error: a data directory the server cannot write is an operator error
   */
  constructor(readonly path: string, private readonly onError: (err: Error) => void = () => {}) {
    this.fd = openSync(path, 'wx', 0o600);
  }

  /** The first write error, if any; after one, lines are dropped. */
  get error(): Error | null {
    return this.failure;
  }

  /**
   * Queues a line. Returns false when the disk is too far behind to take it
   * (nothing queued); `force` queues it anyway: the few bytes of a stop notice.
   */
  append(line: string, force = false): boolean {
    if (this.closed || this.failure) return false;
    const size = Buffer.byteLength(line);
    if (!force && this.pendingBytes + size > RecordingLimits.MAX_PENDING_BYTES) return false;
    this.pending.push(line);
    this.pendingBytes += size;
    if (this.pendingBytes >= RecordingLimits.FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), RecordingLimits.FLUSH_INTERVAL_MS);
    return true;
  }

  /** Writes what is queued and closes the file. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      while (this.writing || (this.pending.length > 0 && !this.failure)) {
        if (!this.writing) this.flush();
        await this.writing;
      }
      await closeAsync(this.fd).catch(() => {});
    })();
    return this.closed;
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.pending.length === 0 || this.failure) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.writing = this.writeAll(data)
      .then(() => {
        this.pendingBytes -= data.length;
      }, (err: Error) => {
        this.failure = err;
        this.pending = [];
        this.pendingBytes = 0;
        this.onError(err);
      })
      .finally(() => {
        this.writing = null;
        // Lines that arrived during the write wait no longer than a fresh batch would.
        if (this.pending.length > 0 && !this.closed) this.timer ??= setTimeout(() => this.flush(), RecordingLimits.FLUSH_INTERVAL_MS);
      });
  }

  private async writeAll(data: Buffer) {
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await writeAsync(this.fd, data, offset, data.length - offset, null);
      offset += bytesWritten;
    }
  }
}

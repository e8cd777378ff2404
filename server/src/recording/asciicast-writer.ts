/**
 * Turns a terminal's output bytes into asciicast v2 lines, with times from
 * a monotonic clock and a cap on the recording's size. Pure apart from the
 * clock it is given: each line goes to `sink`, which does the I/O.
 *
 * Terminal output arrives as bytes cut wherever the pty's read happened to
 * end, often in the middle of a multibyte UTF-8 character. asciicast data
 * must be strings, so a StringDecoder holds the first bytes of a split
 * character until the rest arrives; bytes that are not UTF-8 at all become
 * U+FFFD, as a terminal would show them.
 */
import { StringDecoder } from 'node:string_decoder';
import { eventLine, headerLine, resizeData, type AsciicastHeader } from './asciicast.js';

export interface AsciicastWriterOptions {
  header: AsciicastHeader;
  /** The file, header included, never grows past this. */
  maxBytes: number;
  /** Kept free below maxBytes for the stop notice. */
  reserveBytes: number;
  /** Milliseconds on a monotonic clock (performance.now). */
  now: () => number;
}

export type WriterState = 'recording' | 'stopped' | 'ended';

export class AsciicastWriter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly startedAt: number;
  private lastSeconds = 0;
  private written = 0;
  private state: WriterState = 'recording';
  private stopReason: string | null = null;

  constructor(private readonly sink: (line: string) => void, private readonly options: AsciicastWriterOptions) {
    this.startedAt = options.now();
    this.emit(headerLine(options.header));
  }

  get bytesWritten(): number {
    return this.written;
  }

  get status(): WriterState {
    return this.state;
  }

  /** Why the recording stopped early, or null. */
  get stoppedBecause(): string | null {
    return this.stopReason;
  }

  output(bytes: Uint8Array): void {
    if (this.state !== 'recording') return;
    const text = this.decoder.write(bytes as Buffer);
    if (text) this.event('o', text);
  }

  resize(cols: number, rows: number): void {
    if (this.state !== 'recording') return;
    this.event('r', resizeData(cols, rows));
  }

  /** A marker: asciinema-player shows it on the progress bar and can jump to it. */
  marker(label: string): void {
    if (this.state !== 'recording') return;
    this.event('m', label);
  }

  /**
   * Stop recording before the session ends (size cap, a disk that cannot
   * keep up): a marker and a visible line say so in the replay.
   */
  stop(reason: string): void {
    if (this.state !== 'recording') return;
    this.state = 'stopped';
    this.stopReason = reason;
    const t = this.seconds();
    this.emit(eventLine(t, 'm', `recording stopped: ${reason}`));
    this.emit(eventLine(t, 'o', `\r\n\x1b[0m\x1b[7m[syslab] Recording stopped: ${reason}. The session went on unrecorded.\x1b[0m\r\n`));
  }

  /** The session ended: what the decoder still holds (a cut-off character) goes out as U+FFFD. */
  end(): void {
    if (this.state === 'recording') {
      const rest = this.decoder.end();
      if (rest) this.event('o', rest);
    }
    this.state = 'ended';
  }

  private event(code: 'o' | 'r' | 'm', data: string) {
    const line = eventLine(this.seconds(), code, data);
    if (this.written + Buffer.byteLength(line) > this.options.maxBytes - this.options.reserveBytes) {
      this.stop(`it reached its size limit of ${formatMiB(this.options.maxBytes)}`);
      return;
    }
    this.emit(line);
  }

  /** Never goes backwards, whatever the clock does. */
  private seconds(): number {
    this.lastSeconds = Math.max(this.lastSeconds, (this.options.now() - this.startedAt) / 1000);
    return this.lastSeconds;
  }

  private emit(line: string) {
    this.written += Buffer.byteLength(line);
    this.sink(line);
  }
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

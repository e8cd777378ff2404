/**
 * A headless xterm.js fed with the same bytes as the learner's terminal, so
 * a reconnecting or newly watching socket gets the current screen (and some
 * scrollback) instead of a blank one.
 */
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';

const { Terminal } = headless;
const { SerializeAddon } = serialize;

export class TerminalMirror {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer: InstanceType<typeof SerializeAddon>;
  /** Bytes handed to write() whose callback has not yet run. Feeds flow control. */
  private pending = 0;
  private disposed = false;

  constructor(cols: number, rows: number, scrollback: number, private readonly onDrained: () => void) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.serializer = new SerializeAddon();
    this.term.loadAddon(this.serializer);
  }

  get pendingBytes(): number {
    return this.pending;
  }

  write(data: Uint8Array): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.term.write(data, () => {
      this.pending -= data.length;
      this.onDrained();
    });
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  /**
   * Calls `fn` with the screen as of every byte written so far, once the
   * parser has caught up. Runs inside xterm's write loop, right after our
   * marker, so no later byte has been applied yet: what the caller sends
   * next (buffered since) continues exactly where the snapshot ends.
   */
  atCurrentScreen(fn: (screen: string) => void): void {
    this.term.write('', () => fn(this.serializer.serialize({ scrollback: this.term.options.scrollback ?? 0 })));
  }

  /**
   * xterm parses queued writes on a timer; disposing under them makes it
   * register into a disposed store (and warn). Let the queue drain first.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.write('', () => this.term.dispose());
  }
}

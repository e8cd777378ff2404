/**
 * Something on the server that follows a session's terminal without being a
 * socket (a recording): it gets the screen as it stood when it was added,
 * then every batch of output and every resize, in order. It never acks and
 * never slows the learner; it must not block.
 */
export interface TerminalTap {
  /** What it is for: a session tells its learner when it is recorded. */
  readonly kind: 'recording';
  output(data: Buffer): void;
  resize(cols: number, rows: number): void;
}

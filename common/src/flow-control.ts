/**
 * Terminal flow control, shared by server and browser so both sides agree.
 *
 * Modelled on VS Code's FlowControlConstants: the browser acknowledges output
 * bytes once xterm.js has parsed them (the `term.write` callback), and the
 * server stops reading the pty while too many bytes are unacknowledged. A
 * flood (`yes`, `cat` of a big file) then waits in the kernel's pty buffer
 * instead of in server memory, and Ctrl-C still reaches the shell at once.
 *
 * Invariant: ACK_EVERY_BYTES <= LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES.
 * The client may hold back up to ACK_EVERY_BYTES - 1 unacknowledged bytes,
 * so the low watermark must be reachable with that much still outstanding.
 */
export const FlowControl = {
  /** Pause the pty when this many sent bytes are still unacknowledged. It is
   * the window of a flood in flight: bytes/s × the time an ack takes to come
   * back, which on a busy host is milliseconds of scheduling, not the wire's
   * round trip. 256 KB held a client that keeps up to ~50 % of what the pty
   * delivers; 1 MB, ~62 % (docs/performance.md, "Flood"). It is also what a
   * stalled client can cost the server (send buffers), per socket. */
  HIGH_WATERMARK_BYTES: 1024 * 1024,
  /** Resume the pty once unacknowledged bytes fall below this (a quarter of
   * the high mark, as before: the pty is not paused and resumed per ack). */
  LOW_WATERMARK_BYTES: 256 * 1024,
  /** The client sends one ack per this many processed bytes (in a flood, one
   * per output frame): ~800 messages a second at 100 MB/s, each a JSON
   * parse and a validation on the server and a masked frame in the
   * browser; small enough to satisfy the invariant. 32 KB cost the server
   * ~0.7 ms of CPU per flooded MB in acks alone (docs/performance.md). */
  ACK_EVERY_BYTES: 128 * 1024,
} as const;

/** Output batching (output-batcher.ts): pty chunks that follow each other
 * closer than OUTPUT_QUIET_MS are a burst and are held up to this long, so a
 * flood goes out in frames of tens of kilobytes instead of thousands of tiny
 * ones. */
export const OUTPUT_BATCH_MS = 5;
/** A chunk after at least this long without output is sent at once (with
 * anything held): an echo or a prompt never waits for the batch window. A
 * flood's chunks arrive microseconds apart; a person's keys, ≥ 2 ms apart
 * even from a paste-happy benchmark, so 1 ms tells the two apart. */
export const OUTPUT_QUIET_MS = 1;
/** Send a batch early once it reaches this size, so a flood is not held back.
 * Every frame costs a send (a writev, the kernel's loopback or network
 * path), a wake-up and a message event in the browser and an ack: 128 KB
 * frames cost the server and the client less per MB than 64 KB ones, and
 * still leave eight frames in flight below the high watermark. */
export const OUTPUT_BATCH_MAX_BYTES = 128 * 1024;

/**
 * Time and size limits of the lab engine, in one place with the reason for
 * each value (STYLE.md #6). docs/authoring.md promises authors "a few seconds".
 */
export const EngineLimits = {
  /**
   * verify.sh is polled every few seconds while a step is open and must be
   * cheap (no sleep, no network, no compiling); one reading /proc takes
   * milliseconds. 5 s leaves room for a loaded machine while keeping a stuck
   * check from holding the session's queue for long.
   */
  VERIFY_TIMEOUT_MS: 5_000,
  /**
   * setup.sh may create state (start processes, make FIFOs, compile a demo
   * program), and runs once per step per session, so it may take longer.
   */
  SETUP_TIMEOUT_MS: 15_000,
  /** solve.sh only runs in content tests, where it may do as much as setup. */
  SOLVE_TIMEOUT_MS: 15_000,
  /** A live question's command is a probe like verify.sh, run once per quiz submission. */
  LIVE_TIMEOUT_MS: 5_000,
  /**
   * Output kept from a script: a hint is one line and a live answer a word, so
   * 64 KiB is far more than any honest script prints and bounds a chatty one.
   */
  SCRIPT_OUTPUT_MAX_BYTES: 64 * 1024,
  /** A hint is one line of the guide; anything longer is cut with an ellipsis. */
  HINT_MAX_CHARS: 300,
  /** A live question's answer from the sandbox is shown back to the learner; keep it short too. */
  LIVE_ANSWER_MAX_CHARS: 300,
  /**
   * Requests waiting in one session's script queue (opens, checks of other
   * steps, quiz submissions). A guide has one step open and polls it; a dozen
   * waiting means a runaway client, which gets a 429 instead of a longer queue.
   */
  MAX_QUEUED_PER_SESSION: 12,
  /** Longest text or live answer a learner may submit (a command or a number, not an essay). */
  ANSWER_MAX_CHARS: 1_000,
} as const;

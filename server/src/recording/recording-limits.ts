/**
 * Limits on recordings (STYLE.md #6): each value says why it is what it is.
 */
export const RecordingLimits = {
  /**
   * Largest .cast file one session writes. An hour of a learner typing and
   * reading man pages is 0.5–3 MB of asciicast; 16 MiB leaves room for a
   * long, busy session while a runaway `yes` or `cat /dev/urandom | base64`
   * (which the pty streams at tens of MB a minute) stops here instead of
   * filling the disk. The browser player also loads the whole file into
   * memory, and 16 MiB still opens in a second or two.
   */
  MAX_FILE_BYTES: 16 * 1024 * 1024,
  /**
   * Room kept below MAX_FILE_BYTES for the lines that say the recording
   * stopped: a marker and a visible line, each well under 1 KiB.
   */
  STOP_NOTICE_RESERVE_BYTES: 4 * 1024,
  /**
   * Lines are gathered and appended in one write at most this often: an echo
   * every few milliseconds would otherwise be a system call each. A crash
   * loses at most this much of the end of a recording.
   */
  FLUSH_INTERVAL_MS: 1000,
  /** …or as soon as this much is waiting, so a flood goes out in big writes. */
  FLUSH_BYTES: 64 * 1024,
  /**
   * Encoded lines waiting for the disk, per recording, at most. A healthy
   * disk keeps this under FLUSH_BYTES; past 1 MiB it is not keeping up (full,
   * or a stalled network mount) and the recording stops with a notice rather
   * than queue in memory: with every one of MAX_SESSIONS (200) recorded, a
   * stalled disk costs the server at most 200 MiB.
   */
  MAX_PENDING_BYTES: 1024 * 1024,
} as const;

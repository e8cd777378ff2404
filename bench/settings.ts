/**
 * How much each measurement does, in the full run (the published numbers)
 * and in --quick (CI checks the bench still works; numbers mean little).
 * The full run stays under ~10 minutes on 2 cores.
 */
export interface BenchSettings {
  /** Sessions started one after another for the start figure. */
  starts: number;
  /** Bare sandbox launches (bwrap … true) beside them. */
  bareStarts: number;
  /** Keystrokes for the idle echo figure (on syslab, the floor and the peer). */
  keystrokes: number;
  /** Pause after each echo before the next key. */
  keyGapMs: number;
  /** Bytes of output for the flood figure. */
  floodBytes: number;
  /** How long a stalled client is watched while the shell floods. */
  stallSeconds: number;
  /** Idle sessions held open (each with a socket attached) for the density figures. */
  idleSessions: number;
  /** Keystrokes by one session while the idle ones are open. */
  keystrokesUnderLoad: number;
  /** Sessions typing at once, and for how long. */
  typists: number;
  typingSeconds: number;
  /** Milliseconds between one typist's keys: ~5 keys a second is a quick human typist. */
  typingIntervalMs: number;
  /** The peer (wetty) starts this many terminals. */
  peerStarts: number;
  /** Echo and flood of syslab, the floor and the peer alternate in this many rounds (side-by-side.ts). */
  rounds: number;
  /** Docker sandboxes are heavier: fewer of them for density. */
  dockerIdleSessions: number;
  dockerStarts: number;
}

export const FULL: BenchSettings = {
  starts: 50,
  bareStarts: 50,
  keystrokes: 1000,
  keyGapMs: 2,
  floodBytes: 256 * 1024 * 1024,
  stallSeconds: 10,
  idleSessions: 200,
  keystrokesUnderLoad: 500,
  typists: 50,
  typingSeconds: 15,
  typingIntervalMs: 200,
  peerStarts: 20,
  rounds: 4,
  dockerIdleSessions: 20,
  dockerStarts: 20,
};

export const QUICK: BenchSettings = {
  starts: 5,
  bareStarts: 5,
  keystrokes: 40,
  keyGapMs: 2,
  floodBytes: 4 * 1024 * 1024,
  stallSeconds: 1.5,
  idleSessions: 6,
  keystrokesUnderLoad: 20,
  typists: 3,
  typingSeconds: 2,
  typingIntervalMs: 200,
  peerStarts: 3,
  rounds: 2,
  dockerIdleSessions: 3,
  dockerStarts: 3,
};

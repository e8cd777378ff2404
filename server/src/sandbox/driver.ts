/**
 * The contract between the session layer and a sandbox backend (DESIGN.md,
 * "Sandboxes"). One driver per backend, chosen by name in config; the session
 * layer never imports a driver directly.
 */
import type { NetworkTopology } from './network/topology.js';

export interface SandboxLimits {
  memoryBytes: number;
  pids: number;
  /** CPUs, e.g. 0.5 for half of one core. */
  cpus: number;
  /** Size cap of each writable tmpfs (home, /tmp, /dev/shm). */
  diskBytes: number;
}

export interface SandboxSpec {
  /** Unique, filesystem- and cgroup-safe (see newSandboxId). */
  id: string;
  lab: string;
  limits: SandboxLimits;
  /** Host directory copied into the learner's home at start, or null. */
  filesDir: string | null;
  /**
   * The lab's private network (hosts, subnets, router, DNS, web), built for
   * this sandbox alone, the learner's shell on its learner host. Absent or
   * null: the sandbox has only a loopback.
   */
  network?: NetworkTopology | null;
}

/** A host command: what the bubblewrap driver spawns (on a pty or a pipe). */
export interface SpawnCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** How the learner's shell ended; signal is a number as the wire protocol carries it. */
export interface TerminalExit {
  code: number | null;
  signal: number | null;
}

/**
 * The learner's shell on a terminal, however the backend provides it (a
 * node-pty master for bubblewrap, the container's own TTY through the Engine's
 * hijacked attach stream for Docker). Output that arrives before the first onData listener is held for
 * it, so nothing the shell prints while the caller is still wiring up is lost.
 */
export interface TerminalStream {
  onData(fn: (data: Buffer) => void): { dispose(): void };
  /** Settles once, when the shell has exited or the stream was killed. */
  readonly exited: Promise<TerminalExit>;
  write(data: Buffer): void;
  /** Bytes accepted by write() that the terminal has not taken yet: the pending-input cap reads this. */
  pendingInputBytes(): number;
  resize(cols: number, rows: number): void;
  /** Stop reading output (backpressure): the shell blocks once the kernel's buffers fill. */
  pause(): void;
  resume(): void;
  /** Ends the shell's stream. Idempotent; the sandbox itself is destroy()'s job. */
  kill(): void;
}

export interface ExecOptions {
  /** Killed (the whole process group) after this long; the result says so. */
  timeoutMs: number;
  /** Fed to stdin, then closed. */
  stdin?: string;
  /** Output beyond this is dropped (and `truncated` set) so a chatty check cannot exhaust memory. */
  maxOutputBytes?: number;
  env?: Record<string, string>;
  /**
   * A host of the sandbox's lab network (SandboxSpec.network) to run on
   * instead of the learner's: its namespaces, as uid 1000 there. Absent: the
   * learner's host. A driver refuses a host that is not in the network.
   */
  host?: string;
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** A long-running command inside a sandbox (a trace), read as it prints. */
export interface SandboxProcess {
  onStdout(fn: (chunk: Buffer) => void): void;
  onStderr(fn: (chunk: Buffer) => void): void;
  /** Settles once, when the command has exited or been killed. */
  readonly exited: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the command and everything it started outside the learner's processes. Idempotent. */
  kill(): void;
}

export interface SandboxStats {
  memoryBytes: number | null;
  pids: number | null;
  cpuSeconds: number | null;
}

export interface Sandbox {
  readonly id: string;
  /**
   * Start the learner's login shell on a terminal of this size. Resolves once
   * the sandbox is ready for exec too; rejects with a SandboxError if it never
   * comes up. Call once; destroy() ends the stream with everything else.
   */
  attach(size: TerminalSize): Promise<TerminalStream>;
  /** Run a command in the same namespaces, as the learner's uid, never on the terminal. */
  exec(argv: string[], options: ExecOptions): Promise<ExecResult>;
  /** Like exec, but streaming and with no time limit: the caller kills it. */
  spawn(argv: string[], options?: { env?: Record<string, string> }): SandboxProcess;
  stats(): Promise<SandboxStats>;
  /** Idempotent. Leaves no process, mount, cgroup or directory behind. */
  destroy(): Promise<void>;
}

export interface SandboxDriver {
  readonly name: string;
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Remove whatever a previous, dead server process left behind. Returns how many sandboxes it removed. */
  sweep(): Promise<number>;
  /** After every sandbox is destroyed: release what the driver holds on the host. */
  close(): Promise<void>;
  /** Null when the driver can work here; otherwise what is missing and how to fix it. */
  check(): Promise<string | null>;
}

/** The one typed error for expected sandbox failures (STYLE.md #4). */
export class SandboxError extends Error {
  constructor(
    /** For the learner: what happened and what to do. */
    readonly userMessage: string,
    /** For the log: the underlying cause. */
    readonly detail: string,
    /** Metric label. */
    readonly reason: 'start_failed' | 'start_timeout' | 'exec_failed' | 'unavailable',
  ) {
    super(`${userMessage} (${detail})`);
    this.name = 'SandboxError';
  }
}

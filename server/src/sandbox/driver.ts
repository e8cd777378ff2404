/**
 * The contract between the session layer and a sandbox backend (DESIGN.md,
 * "Sandboxes"). One driver per backend, chosen by name in config; the session
 * layer never imports a driver directly.
 */

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
}

/** What node-pty spawns to get a login shell inside the sandbox. */
export interface SpawnCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

export interface ExecOptions {
  /** Killed (the whole process group) after this long; the result says so. */
  timeoutMs: number;
  /** Fed to stdin, then closed. */
  stdin?: string;
  /** Output beyond this is dropped (and `truncated` set) so a chatty check cannot exhaust memory. */
  maxOutputBytes?: number;
  env?: Record<string, string>;
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
  /** The argv node-pty spawns for the learner's shell. Call once. */
  shell(): SpawnCommand;
  /**
   * Tell the sandbox the host pid that node-pty got for shell(). Resolves once
   * the sandbox is ready for exec (its namespaces exist); rejects with a
   * SandboxError if it never comes up.
   */
  started(hostPid: number): Promise<void>;
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

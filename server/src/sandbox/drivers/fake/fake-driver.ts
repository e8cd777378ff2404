/**
 * A driver without isolation, for testing the session layer's handling of
 * faults (JupyterHub's SlowSpawner / NeverSpawner / BadSpawner). Its "shell"
 * is `cat` on the pty: it echoes, it can be flooded and interrupted, and it
 * gives no one a host shell. Never a stand-in for the real driver's tests.
 */
import type {
  ExecOptions, ExecResult, Sandbox, SandboxDriver, SandboxProcess, SandboxSpec, SandboxStats, TerminalSize, TerminalStream,
} from '../../driver.js';
import { SandboxError } from '../../driver.js';
import { PtyTerminal, spawnShellPty } from '../../shell-pty.js';

export interface FakeFaults {
  /** Delay before attach() resolves. */
  startDelayMs?: number;
  /** attach() never resolves (until destroy). */
  neverStarts?: boolean;
  /** create() itself fails. */
  createFails?: boolean;
  /** The sandbox's process is killed this long after start (dies mid-session). */
  dieAfterMs?: number;
  /** exec() never returns until its timeout. */
  execHangs?: boolean;
  /** destroy() kills the shell but never resolves (a container that will not stop): shutdown must still be bounded. */
  destroyHangs?: boolean;
}

export class FakeDriver implements SandboxDriver {
  readonly name = 'fake';
  readonly live = new Set<FakeSandbox>();
  created = 0;

  constructor(public faults: FakeFaults = {}) {}

  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (this.faults.createFails) throw new SandboxError('The sandbox failed to start.', 'fake: createFails', 'start_failed');
    this.created++;
    const sandbox = new FakeSandbox(spec.id, { ...this.faults }, () => this.live.delete(sandbox));
    this.live.add(sandbox);
    return sandbox;
  }

  async sweep(): Promise<number> {
    return 0;
  }

  async check(): Promise<string | null> {
    return null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.destroy()));
  }
}

export class FakeSandbox implements Sandbox {
  private terminal: PtyTerminal | null = null;
  private dieTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  private wake: (() => void) | null = null;
  private readonly streams = new Set<() => void>();

  constructor(readonly id: string, private readonly faults: FakeFaults, private readonly onDestroy: () => void) {}

  async attach(size: TerminalSize): Promise<TerminalStream> {
    const terminal = new PtyTerminal(spawnShellPty({ file: '/bin/cat', args: [], env: { PATH: '/usr/bin:/bin' } }, size));
    this.terminal = terminal;
    if (this.faults.neverStarts || this.faults.startDelayMs) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (!this.faults.neverStarts) setTimeout(resolve, this.faults.startDelayMs);
      });
    }
    if (this.destroyed) throw new SandboxError('The sandbox was stopped while starting.', 'fake: destroyed during start', 'start_failed');
    if (this.faults.dieAfterMs !== undefined) {
      this.dieTimer = setTimeout(() => terminal.kill(), this.faults.dieAfterMs);
    }
    return terminal;
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (this.faults.execHangs) {
      await new Promise((r) => setTimeout(r, options.timeoutMs));
      return { exitCode: null, signal: 'SIGKILL', stdout: '', stderr: '', timedOut: true, truncated: false, durationMs: options.timeoutMs };
    }
    return { exitCode: 0, signal: null, stdout: argv.join(' '), stderr: '', timedOut: false, truncated: false, durationMs: 0 };
  }

  /** Streams that print nothing and end when killed or destroyed; enough for the session layer's bookkeeping. */
  spawn(): SandboxProcess {
    let finish!: (r: { exitCode: number | null; signal: NodeJS.Signals | null }) => void;
    const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((r) => { finish = r; });
    const kill = () => finish({ exitCode: null, signal: 'SIGKILL' });
    this.streams.add(kill);
    return { onStdout: () => {}, onStderr: () => {}, exited, kill };
  }

  async stats(): Promise<SandboxStats> {
    return { memoryBytes: null, pids: null, cpuSeconds: null };
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.dieTimer) clearTimeout(this.dieTimer);
    for (const kill of this.streams) kill();
    this.wake?.();
    this.terminal?.kill();
    this.onDestroy();
    if (this.faults.destroyHangs) await new Promise(() => {});
  }
}

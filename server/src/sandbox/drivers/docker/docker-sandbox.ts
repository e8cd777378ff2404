/**
 * One Docker sandbox: a container made and started on attach(), its own
 * process the learner's shell on a TTY (attached), every other command
 * exec'd into it, removed (with everything in it) on destroy(). A lab with
 * a network gets the rest of its hosts as containers of their own
 * (docker-network.ts), started beside the learner's. Bodies come from
 * docker-spec.ts and network-spec.ts; this file does the I/O.
 */
import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type {
  ExecOptions, ExecResult, Sandbox, SandboxProcess, SandboxSpec, SandboxStats, TerminalSize, TerminalStream,
} from '../../driver.js';
import { SandboxError } from '../../driver.js';
import { exitCodeOf, runExec, spawnExec, startExec, streamClosed } from './docker-exec.js';
import { containerCreateBody, populateExecBody, type DockerHost } from './docker-spec.js';
import { DockerNetwork } from './docker-network.js';
import { DockerTerminal } from './docker-terminal.js';
import type { NetworkHelper } from './network-helper.js';

export class DockerSandbox implements Sandbox {
  private container: Docker.Container | null = null;
  private running = false;
  private terminal: DockerTerminal | null = null;
  private destroyed: Promise<void> | null = null;
  private readonly streams = new Set<SandboxProcess>();
  private readonly network: DockerNetwork | null;

  constructor(private readonly docker: Docker, private readonly spec: SandboxSpec, private readonly host: DockerHost,
    networkHelper: () => NetworkHelper) {
    this.network = spec.network ? new DockerNetwork(docker, spec, spec.network, host, networkHelper()) : null;
  }

  get id() {
    return this.spec.id;
  }

  async attach(size: TerminalSize): Promise<TerminalStream> {
    if (this.container) throw new Error(`attach called twice on sandbox ${this.spec.id}`);
    const failed = (what: string) => (err: unknown) => {
      throw err instanceof SandboxError ? err
        : new SandboxError('The sandbox failed to start.', `docker: ${what}: ${errorText(err)}`, 'start_failed');
    };
    const network = this.network;
    const body = network ? await network.learnerBody(containerCreateBody(this.spec, this.host)).catch(failed('network volume'))
      : containerCreateBody(this.spec, this.host);
    // The other hosts start beside the learner's container; settled (not thrown) here, acted on below.
    const hosts = network?.startHosts().then(() => null, (err: unknown) => err);
    const container = await this.docker.createContainer(body).catch(failed('create'));
    this.container = container;
    this.checkNotDestroyed();
    // Attached before start, so not a byte of the shell's is missed; the shell
    // itself waits for its home (SHELL_ENTRY).
    const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
      .catch(failed('attach')) as Duplex;
    this.terminal = new DockerTerminal(container, stream);
    await container.start().catch(failed('start'));
    network?.learnerStarted(container);
    this.checkNotDestroyed();
    this.terminal.resize(size.cols, size.rows);
    this.running = true;
    if (network) {
      const hostsFailed = await hosts;
      if (hostsFailed) failed('network hosts')(hostsFailed);
      this.checkNotDestroyed();
      await network.complete(container).catch(failed('network'));
      this.checkNotDestroyed();
    }
    await this.populateHome().catch(failed('populate home'));
    this.checkNotDestroyed();
    return this.terminal;
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    let container = this.live('exec');
    if (options.host !== undefined && options.host !== this.network?.learnerHostName) {
      if (!this.network) throw new SandboxError('This sandbox has no lab network.', `exec on host "${options.host}"`, 'exec_failed');
      const other = this.network.containerOf(options.host);
      if (!other) {
        throw new SandboxError('That host of the lab network is not running.',
          `exec on host "${options.host}" (hosts: ${this.network.hostNames.join(', ')})`, 'exec_failed');
      }
      container = other;
    }
    try {
      return await runExec(container, argv, options);
    } catch (err) {
      throw new SandboxError('The sandbox is not running.', `docker exec: ${errorText(err)}`, 'exec_failed');
    }
  }

  spawn(argv: string[], options: { env?: Record<string, string> } = {}): SandboxProcess {
    const child = spawnExec(this.live('spawn'), argv, options.env ?? {});
    this.streams.add(child);
    void child.exited.then(() => this.streams.delete(child));
    return child;
  }

  async stats(): Promise<SandboxStats> {
    if (!this.container || !this.running || this.destroyed) return { memoryBytes: null, pids: null, cpuSeconds: null };
    try {
      const s = await this.container.stats({ stream: false }) as Docker.ContainerStats;
      return {
        memoryBytes: s.memory_stats?.usage ?? null,
        pids: s.pids_stats?.current ?? null,
        cpuSeconds: s.cpu_stats?.cpu_usage?.total_usage !== undefined ? s.cpu_stats.cpu_usage.total_usage / 1e9 : null,
      };
    } catch {
      return { memoryBytes: null, pids: null, cpuSeconds: null };
    }
  }

  destroy(): Promise<void> {
    this.destroyed ??= this.teardown();
    return this.destroyed;
  }

  private async teardown() {
    this.running = false;
    for (const stream of this.streams) stream.kill();
    this.terminal?.kill();
    // force: SIGKILL to every process in it, then the container and its tmpfs go.
    // A create still in flight is removed by attach() when it returns.
    if (this.network) await this.network.destroy(this.container);
    else if (this.container) await this.container.remove({ force: true }).catch(() => {});
  }

  private checkNotDestroyed() {
    if (!this.destroyed) return;
    const container = this.container;
    if (container) void container.remove({ force: true }).catch(() => {}).then(() => this.network?.removeVolume());
    throw new SandboxError('The sandbox was stopped while starting.', 'destroyed during start', 'start_failed');
  }

  private live(what: string): Docker.Container {
    if (!this.container || !this.running || this.destroyed) {
      throw new SandboxError('The sandbox is not running.', `${what} before start or after destroy (${this.spec.id})`, 'exec_failed');
    }
    return this.container;
  }

  /** /etc/skel, then the lab's files as a tar on the exec's stdin (the root fs is read-only; the home is a tmpfs). */
  private async populateHome() {
    const filesDir = this.spec.filesDir;
    const { exec, stream } = await startExec(this.container!, populateExecBody(filesDir !== null));
    stream.resume();
    const closed = streamClosed(stream);
    if (filesDir !== null) {
      const tar = spawn('tar', ['-c', '-C', filesDir, '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let tarErr = '';
      tar.stderr.on('data', (b: Buffer) => { tarErr += b.toString(); });
      tar.stdout.pipe(stream);
      const code = await new Promise<number | null>((r) => tar.on('close', r));
      if (code !== 0) throw new Error(`tar of ${filesDir} failed: ${tarErr.trim()}`);
    }
    await closed;
    const code = await exitCodeOf(exec);
    if (code !== 0) throw new Error(`populating the home exited ${code}`);
  }
}

function errorText(err: unknown): string {
  const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

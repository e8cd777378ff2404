/**
 * The embedded default driver: each sandbox is a bubblewrap process tree in
 * its own namespaces, running as a host uid of its own, inside cgroups of its
 * own. Builds argv with bwrap-spec.ts; this file does the I/O.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type {
  ExecOptions, ExecResult, Sandbox, SandboxDriver, SandboxProcess, SandboxSpec, SandboxStats, TerminalSize, TerminalStream,
} from '../../driver.js';
import { SandboxError } from '../../driver.js';
import { runCommand, spawnCommand } from '../../run-command.js';
import { PtyTerminal, spawnShellPty } from '../../shell-pty.js';
import { cgroupParentName } from '../../cgroups/cgroup-plan.js';
import { Cgroups, detectCgroupVersion, type SandboxCgroup } from '../../cgroups/cgroups.js';
import { execCommand, GENERATED_ETC_FILES, SANDBOX_HOSTNAME, shellCommand, type BwrapHost } from './bwrap-spec.js';
import { LabCertificates } from '../../network/lab-certificate.js';
import { sweepNamespaces } from '../../network/network-namespaces.js';
import { SessionNetwork } from './session-network.js';
import { RuntimeDir } from './runtime-dir.js';
import { prepareSeccomp, type SeccompFiles } from '../../seccomp/seccomp-files.js';
import { presentHostEtcEntries } from './sandbox-etc.js';
import { UidPool } from './uid-pool.js';

export interface BubblewrapOptions {
  dataDir: string;
  cgroupRoot: string;
  uidBase: number;
  log: Logger;
}

/** bwrap sets up its mounts in well under 100 ms here; 10 s means it is stuck. */
const START_TIMEOUT_MS = 10_000;
/** A start takes ~10–40 ms; each ms of poll granularity is a ms a learner waits. */
const START_POLL_MS = 1;

export class BubblewrapDriver implements SandboxDriver {
  readonly name = 'bubblewrap';
  private readonly uids: UidPool;
  private readonly isRoot = process.getuid?.() === 0;
  private warnedNoCgroup = false;
  /** Debian bookworm is merged-/usr; only /usr/lib64 may be absent (non-x86). Probed once. */
  private readonly usrMerged = { bin: true, lib: true, lib64: existsSync('/usr/lib64'), sbin: true };
  private readonly certificates: LabCertificates;

  private constructor(
    private readonly options: BubblewrapOptions,
    private readonly instance: string,
    private readonly runtime: RuntimeDir,
    private readonly etcEntries: string[],
    private readonly cgroups: Cgroups | null,
    /** The filter every sandbox carries, or why there is none (check() reports it). */
    private readonly seccomp: SeccompFiles | string,
  ) {
    this.uids = new UidPool(options.uidBase);
    this.certificates = new LabCertificates(path.join(runtime.root, 'certs'));
  }

  static async open(options: BubblewrapOptions): Promise<BubblewrapDriver> {
    const version = detectCgroupVersion(options.cgroupRoot);
    // One server per data directory, so the data directory names the instance.
    const instance = createHash('sha256').update(options.dataDir).digest('hex').slice(0, 10);
    const cgroups = version && process.getuid?.() === 0
      ? new Cgroups(version, options.cgroupRoot, cgroupParentName(instance)) : null;
    const runtime = await RuntimeDir.create(instance);
    // The loader outlives this server's runtime directory: built once per version, not per start.
    const seccomp = await prepareSeccomp(path.join(runtime.root, 'seccomp'), path.join(path.dirname(runtime.root), 'syslab-cache'));
    const driver = new BubblewrapDriver(options, instance, runtime, presentHostEtcEntries(), cgroups, seccomp);
    options.log.info({ cgroupVersion: version, cgroups: cgroups !== null, root: driver.isRoot, seccomp: typeof seccomp !== 'string' }, 'bubblewrap driver ready');
    return driver;
  }

  async check(): Promise<string | null> {
    if (!existsSync('/usr/bin/bwrap')) return 'bubblewrap is not installed: apt-get install bubblewrap';
    for (const tool of ['/usr/bin/nsenter', '/usr/bin/setpriv', '/usr/bin/prlimit']) {
      if (!existsSync(tool)) return `${tool} is missing: apt-get install util-linux`;
    }
    const probe = await runCommand(
      { file: '/usr/bin/bwrap', args: ['--unshare-user', '--unshare-pid', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--', '/bin/true'], env: {} },
      { timeoutMs: 5000 },
    );
    if (typeof this.seccomp === 'string') return `the sandbox's system call filter is unavailable: ${this.seccomp}`;
    if (probe.exitCode !== 0) {
      return `bubblewrap cannot create namespaces here (${probe.stderr.trim()}); `
        + 'enable unprivileged user namespaces: sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or user.max_user_namespaces=15000';
    }
    return null;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const filesDir = spec.filesDir ? await this.runtime.stageFiles(spec.filesDir) : null;
    const hostUid = this.isRoot ? this.uids.acquire() : null;
    let cgroup: SandboxCgroup | null = null;
    if (this.cgroups) {
      try {
        cgroup = await this.cgroups.create(spec.id, spec.limits);
      } catch (err) {
        this.warnNoCgroup(String(err));
      }
    } else {
      this.warnNoCgroup('no writable cgroup hierarchy (server not root, or cgroups not mounted)');
    }
    let network: SessionNetwork | null = null;
    if (spec.network) {
      try {
        network = await this.createNetwork(spec);
      } catch (err) {
        await cgroup?.remove();
        if (hostUid !== null) this.uids.release(hostUid);
        throw err;
      }
    }
    const host: BwrapHost = {
      hostUid,
      generatedEtcDir: this.runtime.etcDir,
      generatedEtcFiles: GENERATED_ETC_FILES,
      hostname: SANDBOX_HOSTNAME,
      netnsPath: null,
      configDir: null,
      ...network?.learner,
      hostEtcEntries: this.etcEntries,
      usrMerged: this.usrMerged,
      cgroupProcsFiles: cgroup?.procsFiles ?? [],
      seccomp: this.filter(),
      rlimitFallback: cgroup ? null : {
        nproc: spec.limits.pids,
        addressSpaceBytes: spec.limits.memoryBytes,
        fileSizeBytes: spec.limits.diskBytes,
      },
    };
    return new BubblewrapSandbox({ ...spec, filesDir }, host, cgroup, network, () => {
      if (hostUid !== null) this.uids.release(hostUid);
    });
  }

  /** The lab's network: namespaces and wires need root, so a non-root server refuses such a lab. */
  private createNetwork(spec: SandboxSpec): Promise<SessionNetwork> {
    if (!this.isRoot) {
      return Promise.reject(new SandboxError('This lab needs a network of hosts, which this server cannot build (it does not run as root).',
        'lab network requested by a non-root server', 'unavailable'));
    }
    return SessionNetwork.create(spec, spec.network!, {
      instance: this.instance,
      runtimeRoot: this.runtime.root,
      certificates: this.certificates,
      baseHost: { hostEtcEntries: this.etcEntries, usrMerged: this.usrMerged, seccomp: this.filter() },
      acquireUid: () => this.uids.acquire(),
      releaseUid: (uid) => this.uids.release(uid),
      createCgroup: async (id, limits) => {
        if (!this.cgroups) return null;
        try {
          return await this.cgroups.create(id, limits);
        } catch (err) {
          this.warnNoCgroup(String(err));
          return null;
        }
      },
    });
  }

  async sweep(): Promise<number> {
    const ids = this.cgroups ? await this.cgroups.sweep() : [];
    if (ids.length > 0) this.options.log.warn({ ids }, 'removed sandboxes left by a previous server');
    // After the cgroups: their processes, which held the namespaces, are gone.
    const namespaces = this.isRoot ? await sweepNamespaces(this.instance) : [];
    if (namespaces.length > 0) this.options.log.warn({ namespaces }, 'removed lab network namespaces left by a previous server');
    return ids.length;
  }

  async close(): Promise<void> {
    await this.sweep();
    await this.runtime.remove();
  }

  /** check() refuses to run without the filter, so by create() it exists. */
  private filter(): SeccompFiles | null {
    return typeof this.seccomp === 'string' ? null : this.seccomp;
  }

  private warnNoCgroup(why: string) {
    if (this.warnedNoCgroup) return;
    this.warnedNoCgroup = true;
    this.options.log.warn({ why }, 'sandboxes run without cgroup limits; falling back to rlimits (weaker: per-process memory, per-uid process count)');
  }
}

class BubblewrapSandbox implements Sandbox {
  private initPid: number | null = null;
  private hostPid: number | null = null;
  private destroyed: Promise<void> | null = null;
  private readonly streams = new Set<SandboxProcess>();
  private terminal: PtyTerminal | null = null;

  constructor(
    private readonly spec: SandboxSpec,
    private readonly host: BwrapHost,
    private readonly cgroup: SandboxCgroup | null,
    private readonly network: SessionNetwork | null,
    private readonly releaseUid: () => void,
  ) {}

  get id() {
    return this.spec.id;
  }

  /**
   * The shell runs on a node-pty terminal whose process is bwrap itself (the
   * launcher and setpriv exec into it). What it prints while starting (bwrap's
   * own errors) goes into the error if it never comes up.
   */
  async attach(size: TerminalSize): Promise<TerminalStream> {
    if (this.terminal) throw new Error(`attach called twice on sandbox ${this.spec.id}`);
    const pty = spawnShellPty(shellCommand(this.spec, this.host), size);
    this.terminal = new PtyTerminal(pty);
    let early = '';
    const capture = pty.onData((d) => { if (early.length < 2048) early += d.toString(); });
    try {
      await this.started(pty.pid);
    } catch (err) {
      if (err instanceof SandboxError && early) throw new SandboxError(err.userMessage, `${err.detail}; output: ${early.trim()}`, err.reason);
      throw err;
    } finally {
      capture.dispose();
    }
    return this.terminal;
  }

  /**
   * bwrap's one child is the sandbox's pid 1, whose namespaces exec joins;
   * that child forks the shell only after every mount is in place, so a
   * grandchild means the sandbox is ready.
   */
  private async started(hostPid: number): Promise<void> {
    this.hostPid = hostPid;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.destroyed) throw new SandboxError('The sandbox was stopped while starting.', 'destroyed during start', 'start_failed');
      if (!existsSync(`/proc/${hostPid}`)) {
        throw new SandboxError('The sandbox failed to start.', `bwrap (pid ${hostPid}) exited during start-up`, 'start_failed');
      }
      const init = await firstChild(hostPid);
      if (init !== null && (await firstChild(init)) !== null) {
        this.initPid = init;
        return;
      }
      await new Promise((r) => setTimeout(r, START_POLL_MS));
    }
    throw new SandboxError('The sandbox took too long to start. Try again in a moment.', `no sandbox init after ${START_TIMEOUT_MS} ms`, 'start_timeout');
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (this.initPid === null || this.destroyed) {
      throw new SandboxError('The sandbox is not running.', `exec before start or after destroy (${this.spec.id})`, 'exec_failed');
    }
    if (options.host !== undefined && options.host !== this.network?.learnerHostName) {
      if (!this.network) throw new SandboxError('This sandbox has no lab network.', `exec on host "${options.host}"`, 'exec_failed');
      return this.network.exec(options.host, argv, options);
    }
    return runCommand(execCommand(this.initPid, this.host, argv), options);
  }

  spawn(argv: string[], options: { env?: Record<string, string> } = {}): SandboxProcess {
    if (this.initPid === null || this.destroyed) {
      throw new SandboxError('The sandbox is not running.', `spawn before start or after destroy (${this.spec.id})`, 'exec_failed');
    }
    const child = spawnCommand(execCommand(this.initPid, this.host, argv), options.env);
    this.streams.add(child);
    void child.exited.then(() => this.streams.delete(child));
    return child;
  }

  async stats(): Promise<SandboxStats> {
    return this.cgroup ? this.cgroup.stats() : { memoryBytes: null, pids: null, cpuSeconds: null };
  }

  destroy(): Promise<void> {
    this.destroyed ??= this.teardown();
    return this.destroyed;
  }

  private async teardown() {
    // Killing the sandbox's pid 1 tears down its pid namespace: the kernel
    // SIGKILLs every process in it. The cgroup sweep then catches anything
    // mid-fork and lets the cgroup be removed.
    for (const pid of [this.initPid, this.hostPid]) {
      if (pid !== null) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    for (const stream of this.streams) stream.kill();
    this.terminal?.kill();
    if (this.cgroup) await this.cgroup.remove();
    else if (this.initPid !== null) await waitGone(this.initPid);
    this.releaseUid();
    // Last: the learner's processes held its host's namespace.
    await this.network?.destroy();
  }
}

/**
 * Read synchronously: a procfs read never blocks, while fs.promises.readFile
 * is four thread-pool round trips (open, stat, read, close), twice per poll;
 * on a busy server that alone added milliseconds to every start
 * (docs/performance.md, "Start").
 */
async function firstChild(pid: number): Promise<number | null> {
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  } catch { /* gone */ }
  const first = text.trim().split(/\s+/)[0];
  return first ? Number(first) : null;
}

async function waitGone(pid: number) {
  for (let i = 0; i < 500 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 5));
}

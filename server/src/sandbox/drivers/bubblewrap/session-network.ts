/**
 * A session's lab network, bubblewrap style: the namespaces and wires of
 * topology-plan.ts, and every host but the learner's as a small sandbox of its
 * own (its own host uid, cgroup, user/pid/mount/ipc/uts namespaces, no
 * capabilities) joined to that host's network namespace, running its services
 * unprivileged. The learner's sandbox joins its host's namespace the same way
 * (bwrap-spec.ts, joinNetwork). destroy() removes every process, namespace,
 * veth and file.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecOptions, ExecResult, SandboxLimits, SandboxSpec } from '../../driver.js';
import { SandboxError } from '../../driver.js';
import type { SandboxCgroup } from '../../cgroups/cgroups.js';
import { runCommand } from '../../run-command.js';
import { sealInheritableFds } from '../../seal-fds.js';
import { hostFiles, LAB_CERT_FILE, LAB_KEY_FILE, type ListeningSocket } from '../../network/host-files.js';
import type { LabCertificates } from '../../network/lab-certificate.js';
import { applyNetworkSteps, removeNetwork } from '../../network/network-namespaces.js';
import { networkPlan, type NetworkPlan } from '../../network/topology-plan.js';
import { interfaceName, type NetworkHost, type NetworkTopology } from '../../network/topology.js';
import { captureCommand, execCommand, GENERATED_ETC_FILES, hostCommand, type BwrapHost } from './bwrap-spec.js';
import { CAPTURE_MAX_BYTES } from '../../network/packet-capture.js';
import { NETWORK_HOST_LIMITS } from '../../network/network-host-limits.js';
import { generatedEtcFiles } from './sandbox-etc.js';

/** nginx and dnsmasq listen within tens of milliseconds here; 10 s means they failed. */
const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 5;

export interface NetworkDeps {
  instance: string;
  /** The server's runtime directory (world-traversable); the network's files go under net/<sandbox id>. */
  runtimeRoot: string;
  certificates: LabCertificates;
  /** What every host sandbox shares with the learner's: the host's /usr layout and /etc entries. */
  baseHost: Pick<BwrapHost, 'hostEtcEntries' | 'usrMerged' | 'seccomp'>;
  acquireUid(): number | null;
  releaseUid(uid: number): void;
  /** Null when no cgroup can be made (then rlimits, like the learner's sandbox). */
  createCgroup(id: string, limits: SandboxLimits): Promise<SandboxCgroup | null>;
}

/** What the learner's sandbox needs to live on its host of the network. */
export type LearnerNetworkHost = Pick<BwrapHost, 'netnsPath' | 'hostname' | 'generatedEtcDir' | 'generatedEtcFiles' | 'configDir' | 'captureFile'>;

interface RunningHost {
  name: string;
  /** Null until its uid and cgroup exist (a start that failed before may still hold them). */
  bwrap: BwrapHost | null;
  uid: number | null;
  cgroup: SandboxCgroup | null;
  pid: number | null;
  initPid: number | null;
}

export class SessionNetwork {
  private readonly hosts = new Map<string, RunningHost>();
  /** Each non-learner host's start, once asked for (see ensureHost). */
  private readonly starts = new Map<string, Promise<void>>();
  /** The learner host's packet capture, when the topology asks for one. */
  private capture: RunningHost | null = null;
  private destroyed: Promise<void> | null = null;

  private constructor(
    private readonly spec: SandboxSpec,
    private readonly topology: NetworkTopology,
    private readonly plan: NetworkPlan,
    private readonly dir: string,
    private readonly deps: NetworkDeps,
    readonly learner: LearnerNetworkHost,
    private readonly learnerName: string,
  ) {}

  /**
   * Builds the network and starts the hosts that run servers; a host without
   * any (a router, a printer) needs no process of its own until a check runs
   * on it, so it starts then (two bwraps fewer on the way to a learner's
   * prompt). On failure removes whatever it made.
   */
  static async create(spec: SandboxSpec, topology: NetworkTopology, deps: NetworkDeps): Promise<SessionNetwork> {
    const plan = networkPlan(topology, deps.instance, spec.id);
    const dir = path.join(deps.runtimeRoot, 'net', spec.id);
    const learnerHost = topology.hosts.find((h) => h.learner)!;
    const netnsPath = (name: string) => plan.namespaces.find((n) => n.host === name)!.path;
    const learner: LearnerNetworkHost = {
      netnsPath: netnsPath(learnerHost.name),
      hostname: learnerHost.name,
      generatedEtcDir: path.join(dir, learnerHost.name, 'etc'),
      generatedEtcFiles: etcFileNames(topology),
      configDir: path.join(dir, learnerHost.name, 'config'),
      captureFile: learnerHost.capture ? path.join(dir, learnerHost.name, 'capture.txt') : null,
    };
    const network = new SessionNetwork(spec, topology, plan, dir, deps, learner, learnerHost.name);
    try {
      await applyNetworkSteps(plan.up.slice(0, plan.namespaceSteps));
      // The hosts' servers listen on every address, so they may start while
      // their namespaces are still being wired: the two overlap.
      const wiring = applyNetworkSteps(plan.up.slice(plan.namespaceSteps));
      const files = (async () => {
        const cert = await deps.certificates.forDomain(topology.domain);
        await Promise.all(topology.hosts.map((host) => network.writeHostFiles(host, cert.cert)));
      })();
      const hosts = files.then(() => Promise.all(topology.hosts.filter((h) => h.dns || h.web).map((h) => network.ensureHost(h))));
      // The capture binds to eth0, which exists once the wires are made, and
      // writes into the learner host's folder.
      const capture = learner.captureFile ? Promise.all([wiring, files]).then(() => network.startCapture(learner.captureFile!)) : null;
      // All settle before any failure is acted on: removing the network while
      // a host's files are still being written would race with them.
      const failed = (await Promise.allSettled([wiring, files, hosts, capture])).find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } catch (err) {
      await network.destroy();
      if (err instanceof SandboxError) throw err;
      throw new SandboxError('The lab\'s network could not be built.', String(err), 'start_failed');
    }
    return network;
  }

  get hostNames(): string[] {
    return this.topology.hosts.map((h) => h.name);
  }

  get learnerHostName(): string {
    return this.learnerName;
  }

  /** Run a command on a non-learner host, exactly as exec does on the learner's (its namespaces, uid 1000 there). */
  async exec(hostName: string, argv: string[], options: ExecOptions): Promise<ExecResult> {
    const declared = this.topology.hosts.find((h) => h.name === hostName && !h.learner);
    if (!declared || this.destroyed) {
      throw new SandboxError('That host of the lab network is not running.',
        `exec on host "${hostName}" (hosts: ${this.hostNames.join(', ')})`, 'exec_failed');
    }
    await this.ensureHost(declared);
    const host = this.hosts.get(hostName)!;
    if (host.bwrap === null || host.initPid === null || this.destroyed) {
      throw new SandboxError('That host of the lab network is not running.', `exec on host "${hostName}" after destroy`, 'exec_failed');
    }
    return runCommand(execCommand(host.initPid, host.bwrap, argv), options);
  }

  /** Starts a host's sandbox once; later calls wait for the same start (and see its failure). */
  private ensureHost(host: NetworkHost): Promise<void> {
    let start = this.starts.get(host.name);
    if (!start) {
      start = this.startHost(host);
      this.starts.set(host.name, start);
    }
    return start;
  }

  destroy(): Promise<void> {
    this.destroyed ??= this.teardown();
    return this.destroyed;
  }

  private async teardown() {
    // A host still starting would otherwise be spawned after the kill below.
    await Promise.allSettled([...this.starts.values(), this.captureStart]);
    const running = [...this.hosts.values(), ...(this.capture ? [this.capture] : [])];
    for (const host of running) {
      for (const pid of [host.initPid, host.pid]) if (pid !== null) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    for (const host of running) {
      if (host.cgroup) await host.cgroup.remove().catch(() => {});
      else if (host.initPid !== null) await waitGone(host.initPid);
      if (host.uid !== null) this.deps.releaseUid(host.uid);
    }
    await removeNetwork(this.plan);
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async writeHostFiles(host: NetworkHost, cert: string) {
    const files = hostFiles(this.topology, host);
    const etcDir = path.join(this.dir, host.name, 'etc');
    const configDir = path.join(this.dir, host.name, 'config');
    await fs.mkdir(etcDir, { recursive: true });
    await fs.mkdir(configDir, { recursive: true });
    const etc: Record<string, string> = generatedEtcFiles(host.name, files.hostsLines);
    if (files.resolvConf) etc['resolv.conf'] = files.resolvConf;
    for (const [name, content] of Object.entries(etc)) await fs.writeFile(path.join(etcDir, name), content, { mode: 0o644 });
    for (const [rel, content] of Object.entries(files.config)) {
      const file = path.join(configDir, rel);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
      await fs.writeFile(file, content, { mode: 0o644 });
    }
    await fs.copyFile(cert, path.join(configDir, LAB_CERT_FILE));
    await fs.chmod(path.join(configDir, LAB_CERT_FILE), 0o644);
    await makeTraversable(this.dir, path.join(this.dir, host.name), etcDir, configDir);
  }

  private captureStart: Promise<void> = Promise.resolve();

  /**
   * The learner's eth0, captured by a program of its own (its own uid and
   * cgroup, privileges separated: network/packet-capture.ts) into `file`,
   * which the learner's sandbox shows read-only. Ready once the socket is open.
   */
  startCapture(file: string): Promise<void> {
    this.captureStart = (async () => {
      const uid = this.deps.acquireUid();
      const running: RunningHost = { name: 'capture', bwrap: null, uid, cgroup: null, pid: null, initPid: null };
      this.capture = running;
      running.cgroup = await this.deps.createCgroup(`${this.spec.id}-capture`, NETWORK_HOST_LIMITS);
      const bwrap: BwrapHost = {
        ...this.deps.baseHost,
        hostUid: uid,
        hostname: 'capture',
        netnsPath: this.learner.netnsPath,
        generatedEtcDir: this.learner.generatedEtcDir,
        generatedEtcFiles: GENERATED_ETC_FILES,
        configDir: null,
        captureFile: null,
        cgroupProcsFiles: running.cgroup?.procsFiles ?? [],
        rlimitFallback: running.cgroup ? null : {
          nproc: NETWORK_HOST_LIMITS.pids, addressSpaceBytes: NETWORK_HOST_LIMITS.memoryBytes * 16, fileSizeBytes: CAPTURE_MAX_BYTES * 2,
        },
      };
      running.bwrap = bwrap;
      const spec: SandboxSpec = { id: `${this.spec.id}-capture`, lab: this.spec.lab, limits: NETWORK_HOST_LIMITS, filesDir: null };
      const cmd = captureCommand(spec, bwrap, interfaceName(0));
      const out = await fs.open(file, 'a', 0o644);
      try {
        sealInheritableFds();
        // stderr too: a capture that breaks says why, where the learner looks.
        const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ['ignore', out.fd, out.fd], detached: true });
        child.on('error', () => { /* seen below as a capture that never says it is ready */ });
        child.unref();
        running.pid = child.pid ?? null;
      } finally {
        await out.close();
      }
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while ((await fs.stat(file)).size === 0) {
        if (Date.now() > deadline || running.pid === null || !existsSync(`/proc/${running.pid}`)) {
          throw new SandboxError('The lab\'s network could not be built.', 'the packet capture did not start', 'start_failed');
        }
        await sleep(POLL_MS);
      }
    })();
    return this.captureStart;
  }

  private async startHost(host: NetworkHost) {
    const spec = this.spec;
    const files = hostFiles(this.topology, host);
    const uid = this.deps.acquireUid();
    // Registered at once, so teardown releases the uid and cgroup of a start that fails midway.
    const running: RunningHost = { name: host.name, bwrap: null, uid, cgroup: null, pid: null, initPid: null };
    this.hosts.set(host.name, running);
    running.cgroup = await this.deps.createCgroup(`${spec.id}-${host.name}`, NETWORK_HOST_LIMITS);
    const configDir = path.join(this.dir, host.name, 'config');
    if (files.needsKey) {
      // Only this host's uid may read its copy of the key.
      const cert = await this.deps.certificates.forDomain(this.topology.domain);
      const key = path.join(configDir, LAB_KEY_FILE);
      await fs.copyFile(cert.key, key);
      await fs.chmod(key, 0o400);
      if (uid !== null) await fs.chown(key, uid, uid);
    }
    const bwrap: BwrapHost = {
      ...this.deps.baseHost,
      hostUid: uid,
      hostname: host.name,
      netnsPath: this.plan.namespaces.find((n) => n.host === host.name)!.path,
      generatedEtcDir: path.join(this.dir, host.name, 'etc'),
      generatedEtcFiles: etcFileNames(this.topology),
      configDir,
      cgroupProcsFiles: running.cgroup?.procsFiles ?? [],
      // RLIMIT_AS counts address space, not memory: nginx reserves far more
      // than it touches, so the fallback allows 16× the cgroup's limit.
      rlimitFallback: running.cgroup ? null : {
        nproc: NETWORK_HOST_LIMITS.pids, addressSpaceBytes: NETWORK_HOST_LIMITS.memoryBytes * 16, fileSizeBytes: NETWORK_HOST_LIMITS.diskBytes,
      },
    };
    running.bwrap = bwrap;
    const hostSpec: SandboxSpec = { id: `${spec.id}-${host.name}`, lab: spec.lab, limits: NETWORK_HOST_LIMITS, filesDir: null };
    const cmd = hostCommand(hostSpec, bwrap, files.command);
    sealInheritableFds();
    const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: 'ignore', detached: true });
    child.on('error', () => { /* seen below as a pid that never comes up */ });
    child.unref();
    running.pid = child.pid ?? null;
    if (running.pid === null) throw new SandboxError('The lab\'s network could not be built.', `host ${host.name}: spawn failed`, 'start_failed');
    running.initPid = await waitForInit(running.pid, host.name);
    await waitListening(running.initPid, files.ready, host.name);
  }
}

function etcFileNames(topology: NetworkTopology): string[] {
  return topology.hosts.some((h) => h.dns !== null) ? [...GENERATED_ETC_FILES, 'resolv.conf'] : [...GENERATED_ETC_FILES];
}

/** bwrap's child is the sandbox's pid 1; its child, the host's command, appears once every mount is in place. */
async function waitForInit(bwrapPid: number, name: string): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${bwrapPid}`)) {
      throw new SandboxError('The lab\'s network could not be built.', `host ${name}: bwrap (pid ${bwrapPid}) exited during start-up`, 'start_failed');
    }
    const init = await firstChild(bwrapPid);
    if (init !== null && (await firstChild(init)) !== null) return init;
    await sleep(POLL_MS);
  }
  throw new SandboxError('The lab\'s network took too long to start.', `host ${name}: no sandbox init after ${READY_TIMEOUT_MS} ms`, 'start_timeout');
}

/**
 * Ready when every socket the host's services open is there, read from
 * /proc/<pid>/net/{tcp,udp}, which show the network namespace of that pid:
 * no process needs to be started to ask.
 */
async function waitListening(pid: number, sockets: ListeningSocket[], name: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let missing = sockets;
  while (missing.length > 0) {
    if (Date.now() > deadline) {
      const what = missing.map((s) => `${s.protocol}/${s.port}`).join(', ');
      throw new SandboxError('The lab\'s network took too long to start.', `host ${name}: nothing listening on ${what}`, 'start_timeout');
    }
    const tcp = await fs.readFile(`/proc/${pid}/net/tcp`, 'utf8').catch(() => '');
    const udp = await fs.readFile(`/proc/${pid}/net/udp`, 'utf8').catch(() => '');
    missing = missing.filter((s) => !boundPorts(s.protocol === 'tcp' ? tcp : udp, s.protocol).has(s.port));
    if (missing.length > 0) await sleep(POLL_MS);
  }
}

/** Local ports in LISTEN (tcp, state 0A) or bound (udp, state 07) in a /proc/net/{tcp,udp} table. */
export function boundPorts(table: string, protocol: 'tcp' | 'udp'): Set<number> {
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const state = fields[3];
    if (state !== (protocol === 'tcp' ? '0A' : '07')) continue;
    ports.add(parseInt(fields[1]!.split(':')[1]!, 16));
  }
  return ports;
}

async function makeTraversable(...dirs: string[]) {
  for (const d of dirs) await fs.chmod(d, 0o755);
}

async function firstChild(pid: number): Promise<number | null> {
  const text = await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const first = text.trim().split(/\s+/)[0];
  return first ? Number(first) : null;
}

async function waitGone(pid: number) {
  for (let i = 0; i < 500 && existsSync(`/proc/${pid}`); i++) await sleep(5);
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

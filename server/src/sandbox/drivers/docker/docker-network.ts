/**
 * A session's lab network under the Docker driver (the design and why:
 * network-spec.ts). Its containers: every host but the learner's (its own
 * container, uid 1000, no capability), one holding the subnets' switches,
 * and the learner host's packet capture; the helper wires them with the
 * same plan as bubblewrap's. destroy() removes every container and the
 * capture volume; the namespaces and veths die with the containers, since
 * nothing else holds them (the helper's names for them live only as long as
 * its wiring exec).
 */
import type Docker from 'dockerode';
import type { ExecResult, SandboxSpec } from '../../driver.js';
import { SandboxError } from '../../driver.js';
import { DNSMASQ_LOG, hostFiles, LAB_CERT_FILE, LAB_KEY_FILE, NGINX_ERROR_LOG } from '../../network/host-files.js';
import { networkPlan, type NetworkPlan } from '../../network/topology-plan.js';
import { learnerHost, type NetworkHost, type NetworkTopology } from '../../network/topology.js';
import { runExecBody } from './docker-exec.js';
import type { DockerHost } from './docker-spec.js';
import type { LabCertificate, NetworkHelper } from './network-helper.js';
import {
  captureBody, captureReadyScript, captureVolumeBody, hostFilesExecScript, rootScriptExecBody, serviceHostBody, switchesBody,
  withLearnerNetwork, type EtcIdentity,
} from './network-spec.js';

/** Writing a host's files is milliseconds; waiting for its services is bounded by the script itself (READY_TICKS). */
const FILES_TIMEOUT_MS = 15_000;

export class DockerNetwork {
  readonly plan: NetworkPlan;
  private readonly learnerName: string;
  /** Lab host name → its container, for every host but the learner's. */
  private readonly hosts = new Map<string, Docker.Container>();
  /** Every container this network made (so teardown finds those of a start still under way). */
  private readonly made: Docker.Container[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private switches: Docker.Container | null = null;
  private capture: Promise<void> | null = null;
  private certificate: Promise<LabCertificate> | null = null;
  /** Each host's files exec, started as soon as its container runs. */
  private readonly filesWritten: Promise<void>[] = [];
  private volume: string | null = null;
  private destroyed: Promise<void> | null = null;

  constructor(private readonly docker: Docker, private readonly spec: SandboxSpec, private readonly topology: NetworkTopology,
    private readonly host: DockerHost, private readonly helper: NetworkHelper) {
    this.plan = networkPlan(topology, host.instance, spec.id);
    this.learnerName = learnerHost(topology).name;
  }

  get learnerHostName(): string {
    return this.learnerName;
  }

  /** The learner's container body on its host (creates the capture volume it mounts first). */
  async learnerBody(body: Docker.ContainerCreateOptions): Promise<Docker.ContainerCreateOptions> {
    const learner = learnerHost(this.topology);
    this.checkLive();
    if (learner.capture) {
      const volume = captureVolumeBody(this.spec, this.host);
      await this.track(this.docker.createVolume(volume));
      this.volume = volume.Name!;
      if (this.destroyed) {
        await this.removeVolume();
        this.checkLive();
      }
    }
    return withLearnerNetwork(body, this.identity(learner), this.sysctlsOf(learner.name), this.volume);
  }

  /**
   * Every other container, created and started; runs beside the learner
   * container's own start. Each host's files go in as soon as it runs, so its
   * servers start while the other containers are still being made.
   */
  async startHosts(): Promise<void> {
    const switches = this.start(switchesBody(this.spec, this.host, this.plan.namespaces.find((n) => n.host === null)?.sysctls ?? []))
      .then((c) => { this.switches = c; });
    const hosts = this.topology.hosts.filter((h) => !h.learner).map(async (h) => {
      const container = await this.start(serviceHostBody(this.spec, this.host, h, hostFiles(this.topology, h), this.identity(h), this.sysctlsOf(h.name)));
      this.hosts.set(h.name, container);
      this.writeFilesSoon(h, container);
    });
    await Promise.all([switches, ...hosts]);
  }

  /** Once the learner's container runs: its own files, and the capture that joins its network namespace. */
  learnerStarted(learner: Docker.Container): void {
    this.writeFilesSoon(learnerHost(this.topology), learner);
    this.startCapture(learner);
  }

  /**
   * Once every container runs: wire them, and wait for every host's files
   * (and servers) and the capture. The learner's shell is still waiting for
   * its home; when this returns, the whole network is up.
   */
  async complete(learner: Docker.Container): Promise<void> {
    try {
      await this.build(learner);
    } catch (err) {
      if (err instanceof SandboxError) throw err;
      throw new SandboxError('The lab\'s network could not be built.', `docker: ${(err as Error)?.message ?? String(err)}`, 'start_failed');
    }
  }

  private async build(learner: Docker.Container): Promise<void> {
    const pidOf = async (c: Docker.Container) => (await c.inspect()).State.Pid;
    const [learnerPid, switchesPid, hostPids] = await Promise.all([
      pidOf(learner), pidOf(this.switches!), Promise.all([...this.hosts].map(async ([name, c]) => [name, await pidOf(c)] as const)),
    ]);
    const byHost = new Map<string, number>([...hostPids, [this.learnerName, learnerPid]]);
    const nsPids = new Map(this.plan.namespaces.map((ns) => [ns.name, ns.host === null ? switchesPid : byHost.get(ns.host)!]));
    this.checkLive();
    const wiring = this.helper.wire(this.plan, nsPids);
    const capture = this.capture ? this.captureReady(learner) : null;
    // All settle before a failure is acted on (the caller destroys everything then).
    const failed = (await Promise.allSettled([wiring, ...this.filesWritten, capture])).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** The container of a host that is not the learner's, or null if the network has no such host. */
  containerOf(hostName: string): Docker.Container | null {
    return this.hosts.get(hostName) ?? null;
  }

  get hostNames(): string[] {
    return this.topology.hosts.map((h) => h.name);
  }

  /** Removes the network's containers and, beside them, the learner's (which must be gone before the volume it mounts). */
  destroy(learner: Docker.Container | null): Promise<void> {
    this.destroyed ??= this.teardown(learner);
    return this.destroyed;
  }

  private async teardown(learner: Docker.Container | null) {
    await Promise.allSettled([...this.pending]);
    // force: SIGKILL to everything in each; their namespaces and veths go with the last process.
    await Promise.all([...this.made, ...(learner ? [learner] : [])].map((c) => c.remove({ force: true }).catch(() => {})));
    await this.removeVolume();
  }

  /** The capture volume, once no container mounts it (also after a learner container that was created after destroy()). */
  async removeVolume(): Promise<void> {
    if (this.volume) await this.docker.getVolume(this.volume).remove().catch(() => {});
  }

  /**
   * Creates and starts one container of the network. A destroy() may come at
   * any moment: teardown removes what exists when it runs, and a container
   * whose create was still in flight then removes itself here.
   */
  private async start(body: Docker.ContainerCreateOptions): Promise<Docker.Container> {
    this.checkLive();
    const container = await this.track(this.docker.createContainer(body));
    this.made.push(container);
    await this.removeIfDestroyed(container);
    await this.track(container.start());
    await this.removeIfDestroyed(container);
    return container;
  }

  private async removeIfDestroyed(container: Docker.Container) {
    if (!this.destroyed) return;
    await container.remove({ force: true }).catch(() => {});
    this.checkLive();
  }

  /**
   * A step that makes a container or volume: teardown waits for it, so what it
   * made is still removed. (Not the execs: they make nothing, and one waiting
   * for a server to listen would hold a destroy up.)
   */
  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => { this.pending.delete(p); };
    p.then(done, done);
    return p;
  }

  private checkLive() {
    if (this.destroyed) throw new SandboxError('The sandbox was stopped while starting.', 'destroyed during start', 'start_failed');
  }

  private identity(h: NetworkHost): EtcIdentity {
    const files = hostFiles(this.topology, h);
    return { hostname: h.name, hostsLines: files.hostsLines, resolvConf: files.resolvConf };
  }

  private sysctlsOf(hostName: string): string[] {
    return this.plan.namespaces.find((n) => n.host === hostName)!.sysctls;
  }

  /** Starts writing a host's files (settled later, in build()); the certificate is made once per domain. */
  private writeFilesSoon(h: NetworkHost, container: Docker.Container) {
    this.certificate ??= this.helper.certificate(this.topology.domain);
    const written = this.certificate.then((cert) => this.writeFiles(h, container, cert));
    written.catch(() => { /* reported by build() */ });
    this.filesWritten.push(written);
  }

  private async writeFiles(h: NetworkHost, container: Docker.Container, cert: LabCertificate) {
    const files = hostFiles(this.topology, h);
    const config = { ...files.config, [LAB_CERT_FILE]: cert.cert, ...(files.needsKey ? { [LAB_KEY_FILE]: cert.key } : {}) };
    const logs = [...(h.web ? [NGINX_ERROR_LOG] : []), ...(h.dns ? [DNSMASQ_LOG] : [])];
    const r = await runExecBody(container, rootScriptExecBody(), '', {
      timeoutMs: FILES_TIMEOUT_MS, stdin: hostFilesExecScript(config, h.learner ? [] : files.ready, logs),
    });
    if (r.exitCode !== 0) throw hostFailed(h.name, r);
  }

  /**
   * The capture's container, as soon as the learner's runs (it joins that
   * network namespace; its opener waits for eth0 to be wired). Settled, not
   * thrown: complete() reports a failure.
   */
  private startCapture(learner: Docker.Container): void {
    if (!this.volume) return;
    const volume = this.volume;
    this.capture = (async () => {
      await this.start(captureBody(this.spec, this.host, learner.id, volume));
    })();
    this.capture.catch(() => {});
  }

  private async captureReady(learner: Docker.Container) {
    await this.capture;
    const r = await runExecBody(learner, rootScriptExecBody(), '', { timeoutMs: FILES_TIMEOUT_MS, stdin: captureReadyScript() });
    if (r.exitCode !== 0) throw hostFailed('capture', r);
  }
}

function hostFailed(name: string, r: ExecResult): SandboxError {
  return new SandboxError('The lab\'s network could not be built.',
    `host ${name}: ${(r.stderr || r.stdout).trim() || (r.timedOut ? 'timed out' : `exit ${r.exitCode}`)}`, 'start_failed');
}

/**
 * The Docker driver (SYSLAB_DRIVER=docker): each sandbox is a container of
 * the lab image on a Docker engine, reached with dockerode over the engine's
 * Unix socket. Containers carry the server instance's label, so a restarted
 * server finds and removes what a dead one left.
 */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Sandbox, SandboxDriver, SandboxSpec } from '../../driver.js';
import { DockerSandbox } from './docker-sandbox.js';
import { LABEL_INSTANCE, type DockerHost } from './docker-spec.js';
import { loadInstanceId } from './instance-id.js';
import { NetworkHelper } from './network-helper.js';
import { LABEL_ROLE } from './network-spec.js';

export interface DockerOptions {
  dataDir: string;
  socketPath: string;
  image: string;
  log: Logger;
}

/** An engine that has not answered a ping in this long is not usable. */
const PING_TIMEOUT_MS = 5000;

export class DockerDriver implements SandboxDriver {
  readonly name = 'docker';
  private readonly docker: Docker;
  private readonly host: DockerHost;
  /** Wires lab networks; its container is made on the first networked session (network-spec.ts). */
  private readonly networkHelper: NetworkHelper;

  private constructor(private readonly options: DockerOptions) {
    this.docker = new Docker({ socketPath: options.socketPath });
    this.host = { image: options.image, instance: loadInstanceId(options.dataDir) };
    this.networkHelper = new NetworkHelper(this.docker, this.host);
  }

  static async open(options: DockerOptions): Promise<DockerDriver> {
    const driver = new DockerDriver(options);
    options.log.info({ socket: options.socketPath, image: options.image, instance: driver.host.instance }, 'docker driver ready');
    return driver;
  }

  get instance(): string {
    return this.host.instance;
  }

  /** What is missing for sandboxes to run here, and how to fix it; null when nothing is. */
  async check(): Promise<string | null> {
    const socket = this.options.socketPath;
    if (!existsSync(socket)) {
      return `no Docker engine socket at ${socket}: install and start Docker (apt-get install docker.io; dockerd or systemctl start docker), or point SYSLAB_DOCKER_SOCKET at the engine's socket`;
    }
    try {
      await withTimeout(this.docker.ping(), PING_TIMEOUT_MS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES') return `permission denied on ${socket}: run the server as root or as a member of the docker group`;
      return `the Docker engine at ${socket} does not answer (${code ?? String(err)}): start it (dockerd, or systemctl start docker)`;
    }
    const info = await this.docker.info() as { SecurityOptions?: string[]; MemoryLimit?: boolean; PidsLimit?: boolean; CPUShares?: boolean };
    if (!(info.SecurityOptions ?? []).some((o) => o.includes('name=seccomp'))) {
      return 'the Docker engine has no seccomp support: sandboxes would run without a syscall filter (build the engine with seccomp, or use a distribution\'s docker.io)';
    }
    if (info.MemoryLimit === false || info.PidsLimit === false) {
      return 'the Docker engine cannot enforce memory or process limits (the kernel lacks the memory or pids cgroup controller)';
    }
    try {
      await this.docker.getImage(this.options.image).inspect();
    } catch {
      return `the lab image ${this.options.image} is missing: build it with npm run image (or set SYSLAB_DOCKER_IMAGE to one you have)`;
    }
    return null;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    return new DockerSandbox(this.docker, spec, this.host, () => this.networkHelper);
  }

  /**
   * Every container of this instance (sandboxes, lab network hosts and
   * switches, captures, the network helper), then the capture volumes they
   * mounted. A lab network's namespaces and veths need no sweep of their
   * own: they die with the containers that hold them.
   */
  async sweep(): Promise<number> {
    const label = { label: [`${LABEL_INSTANCE}=${this.host.instance}`] };
    let containers: Docker.ContainerInfo[];
    try {
      containers = await this.docker.listContainers({ all: true, filters: label });
    } catch {
      return 0;
    }
    await Promise.all(containers.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
    const volumes = ((await this.docker.listVolumes({ filters: label }).catch(() => null))?.Volumes ?? []);
    await Promise.all(volumes.map((v) => this.docker.getVolume(v.Name).remove().catch(() => {})));
    const sandboxes = containers.filter((c) => c.Labels[LABEL_ROLE] === undefined || c.Labels[LABEL_ROLE] === 'learner');
    // The network helper alone is what a clean close() leaves to remove: no warning for that.
    if (containers.some((c) => c.Labels[LABEL_ROLE] !== 'network-helper') || volumes.length > 0) this.options.log.warn({ ids: containers.map((c) => c.Names[0]), volumes: volumes.map((v) => v.Name) }, 'removed sandboxes left by a previous server');
    return sandboxes.length;
  }

  async close(): Promise<void> {
    await this.sweep();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/**
 * The one privileged helper container a Docker server uses to wire its
 * sessions' lab networks (why it exists and what it may do: network-spec.ts).
 * Made on the first networked session, reused by every later one, removed
 * with the server's sandboxes (close, sweep). Also makes each lab domain's
 * certificate, once per server run, with the lab image's openssl: the key
 * lives in the server's memory and in the web host's tmpfs, never on a disk.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { PromiseCache } from '../../../promise-cache.js';
import { certificateOpensslArgs } from '../../network/lab-certificate.js';
import type { NetworkPlan } from '../../network/topology-plan.js';
import type { ExecResult } from '../../driver.js';
import { runExecBody } from './docker-exec.js';
import { EXEC_MARKER_VAR, type DockerHost } from './docker-spec.js';
import { certificateCommand, networkHelperBody, wiringCommand } from './network-spec.js';

/** A wiring is a few ip(8) batches (milliseconds); 10 s means something is stuck. */
const WIRING_TIMEOUT_MS = 10_000;
const CERTIFICATE_TIMEOUT_MS = 10_000;

export interface LabCertificate {
  cert: string;
  key: string;
}

export class NetworkHelper {
  private container: Promise<Docker.Container> | null = null;
  private readonly certificates = new PromiseCache((domain: string) => this.makeCertificate(domain));

  constructor(private readonly docker: Docker, private readonly host: DockerHost) {}

  /** Wires a session's containers (pids: plan namespace name → the host pid of the container holding it). */
  async wire(plan: NetworkPlan, pids: ReadonlyMap<string, number>): Promise<void> {
    const r = await this.run(wiringCommand(plan, pids), WIRING_TIMEOUT_MS);
    if (r.exitCode !== 0) throw new Error(`wiring the lab network failed: ${(r.stderr || r.stdout).trim() || (r.timedOut ? 'timed out' : `exit ${r.exitCode}`)}`);
  }

  certificate(domain: string): Promise<LabCertificate> {
    return this.certificates.get(domain);
  }

  private async makeCertificate(domain: string): Promise<LabCertificate> {
    const r = await this.run(certificateCommand((key, cert) => certificateOpensslArgs(domain, key, cert)), CERTIFICATE_TIMEOUT_MS);
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(r.stdout)?.[0];
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(r.stdout)?.[0];
    if (r.exitCode !== 0 || !key || !cert) throw new Error(`openssl could not make the lab certificate: exit ${r.exitCode} ${r.stderr.trim()}`);
    return { cert, key };
  }

  /** One exec in the helper; if the helper is gone (removed by hand, or by another server's sweep), made again once. */
  private async run(argv: string[], timeoutMs: number): Promise<ExecResult> {
    for (let attempt = 0; ; attempt++) {
      const container = await this.ensure();
      try {
        const marker = randomBytes(8).toString('hex');
        return await runExecBody(container, {
          Cmd: argv, User: '0:0', Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', `${EXEC_MARKER_VAR}=${marker}`],
          AttachStdout: true, AttachStderr: true,
        }, marker, { timeoutMs });
      } catch (err) {
        if (attempt > 0) throw err;
        this.container = null;
      }
    }
  }

  private ensure(): Promise<Docker.Container> {
    this.container ??= this.start();
    const made = this.container;
    made.catch(() => { if (this.container === made) this.container = null; });
    return made;
  }

  private async start(): Promise<Docker.Container> {
    const body = networkHelperBody(this.host);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(body);
    } catch (err) {
      // 409: one exists by that name (this server made it, and someone asked again): use it.
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
      container = this.docker.getContainer(body.name!);
    }
    const info = await container.inspect();
    if (!info.State.Running) await container.start();
    return container;
  }
}

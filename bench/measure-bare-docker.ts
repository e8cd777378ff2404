/**
 * The floor for the Docker driver's start: the driver's own container (its
 * create body: no network, read-only root, tmpfs, limits, seccomp, init)
 * running /bin/true instead of idling, through the Engine API. No server, no
 * exec, no shell.
 */
import Docker from 'dockerode';
import { loadConfig } from '../server/src/config.js';
import { containerCreateBody } from '../server/src/sandbox/drivers/docker/docker-spec.js';
import { summarize } from './stats.js';
import type { BareResult } from './measure-bare-bwrap.js';

export async function measureBareDocker(count: number): Promise<BareResult> {
  const config = loadConfig({});
  const docker = new Docker({ socketPath: config.DOCKER_SOCKET });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const spec = { id: `benchbare${i}${Date.now().toString(36)}`, lab: 'hello', filesDir: null, network: null,
      limits: { memoryBytes: config.SANDBOX_MEMORY, pids: config.SANDBOX_PIDS, cpus: config.SANDBOX_CPU, diskBytes: config.SANDBOX_DISK } };
    const body = { ...containerCreateBody(spec as never, { image: config.DOCKER_IMAGE, instance: 'bench-bare' }), Cmd: ['/bin/true'] };
    const t0 = performance.now();
    const container = await docker.createContainer(body);
    try {
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      if (StatusCode !== 0) throw new Error(`the bare container exited with ${StatusCode}`);
      samples.push(performance.now() - t0);
    } finally {
      await container.remove({ force: true }).catch(() => {});
    }
  }
  return { ms: summarize(samples), argv: `docker: the driver's create body with Cmd /bin/true (create, start, wait)` };
}

/** The cgroup directory name of a session's container (Docker names cgroups by container id). */
export async function dockerCgroupName(sessionId: string): Promise<string | null> {
  const config = loadConfig({});
  const docker = new Docker({ socketPath: config.DOCKER_SOCKET });
  const found = await docker.listContainers({ filters: { label: [`syslab.sandbox=${sessionId}`] } });
  return found[0]?.Id ?? null;
}

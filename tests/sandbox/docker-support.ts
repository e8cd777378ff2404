/**
 * Opening the Docker driver for tests: the engine and image from the same
 * settings the server uses (their defaults unless SYSLAB_DOCKER_* say
 * otherwise), and the host pids of a sandbox's container as the engine sees
 * them (`docker top`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import pino from 'pino';
import { loadConfig } from '../../server/src/config.js';
import { DockerDriver } from '../../server/src/sandbox/drivers/docker/docker-driver.js';
import { containerName } from '../../server/src/sandbox/drivers/docker/docker-spec.js';
import type { HostPidsOf } from './sandbox-harness.js';

export const dockerConfig = loadConfig({
  SYSLAB_DOCKER_SOCKET: process.env.SYSLAB_DOCKER_SOCKET,
  SYSLAB_DOCKER_IMAGE: process.env.SYSLAB_DOCKER_IMAGE,
});
export const docker = new Docker({ socketPath: dockerConfig.DOCKER_SOCKET });

export interface OpenedDocker {
  driver: DockerDriver;
  dataDir: string;
  close(): Promise<void>;
}

export async function openDocker(dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-docker-'))): Promise<OpenedDocker> {
  const driver = await DockerDriver.open({
    dataDir, socketPath: dockerConfig.DOCKER_SOCKET, image: dockerConfig.DOCKER_IMAGE, log: pino({ level: 'silent' }),
  });
  return {
    driver,
    dataDir,
    async close() {
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Why Docker tests cannot run here, or null. In CI, the caller fails instead of skipping. */
export async function dockerUnavailable(): Promise<string | null> {
  const { driver, close } = await openDocker();
  try {
    return await driver.check();
  } finally {
    await close();
  }
}

export function containerPids(driver: DockerDriver): HostPidsOf {
  return async (sandbox) => {
    try {
      const top = await docker.getContainer(containerName(driver.instance, sandbox.id)).top() as { Titles: string[]; Processes: string[][] };
      const col = top.Titles.indexOf('PID');
      return top.Processes.map((p) => Number(p[col]));
    } catch {
      return [];
    }
  };
}

/**
 * Drivers by name (JupyterHub's spawner_class): the composition root picks
 * one from config; nothing else imports a driver.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SandboxDriver } from './driver.js';
import { BubblewrapDriver } from './drivers/bubblewrap/bwrap-driver.js';
import { DockerDriver } from './drivers/docker/docker-driver.js';
import { FakeDriver } from './drivers/fake/fake-driver.js';

export async function openDriver(config: Config, log: Logger): Promise<SandboxDriver> {
  switch (config.DRIVER) {
    case 'bubblewrap':
      return BubblewrapDriver.open({
        dataDir: config.DATA_DIR, cgroupRoot: config.CGROUP_ROOT, uidBase: config.SANDBOX_UID_BASE, log,
      });
    case 'docker':
      return DockerDriver.open({ dataDir: config.DATA_DIR, socketPath: config.DOCKER_SOCKET, image: config.DOCKER_IMAGE, log });
    case 'fake':
      log.warn('the fake driver has no isolation and no shell: for tests only');
      return new FakeDriver();
  }
}

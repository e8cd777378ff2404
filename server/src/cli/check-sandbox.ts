/**
 * Real sandboxes (bubblewrap, or Docker) for `npm run lab -- check`, made the way a
 * session makes them: the learner's login shell on a pty (live questions may
 * look for a shell with a terminal), exec beside it in the same namespaces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../config.js';
import type { ExecTarget } from '../engine/lab-scripts.js';
import type { Lab } from '../labs/lab.js';
import type { SandboxDriver, TerminalStream } from '../sandbox/driver.js';
import { BubblewrapDriver } from '../sandbox/drivers/bubblewrap/bwrap-driver.js';
import { DockerDriver } from '../sandbox/drivers/docker/docker-driver.js';
import { newSessionId } from '../sessions/credentials.js';

/**
 * Host uids for the CLI's sandboxes, away from the server's default pool
 * (2,000,000 up) and the test suites' (3,000,000 up), so `check` can run
 * beside a server; the pid spreads concurrent checks apart.
 */
const CLI_UID_BASE = 5_000_000 + (process.pid % 100) * 10_000;
/** bash -l prints its prompt within milliseconds; 15 s means it is stuck. */
const SHELL_READY_TIMEOUT_MS = 15_000;

export interface CheckSandbox extends ExecTarget {
  destroy(): Promise<void>;
}

export type CheckDriver = 'bubblewrap' | 'docker';

export class CheckSandboxes {
  private constructor(private readonly driver: SandboxDriver, private readonly dataDir: string) {}

  /** The sandboxes, or why the driver cannot run here and what to do about it. */
  static async open(log: Logger, which: CheckDriver = 'bubblewrap'): Promise<{ sandboxes: CheckSandboxes } | { unavailable: string }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-check-'));
    const defaults = loadConfig({});
    const driver: SandboxDriver = which === 'docker'
      ? await DockerDriver.open({ dataDir, socketPath: defaults.DOCKER_SOCKET, image: defaults.DOCKER_IMAGE, log })
      : await BubblewrapDriver.open({ dataDir, cgroupRoot: defaults.CGROUP_ROOT, uidBase: CLI_UID_BASE, log });
    const problem = await driver.check();
    if (problem) {
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
      return { unavailable: problem };
    }
    return { sandboxes: new CheckSandboxes(driver, dataDir) };
  }

  /** A fresh sandbox for `lab`, with the server's default limits and the lab's files in its home. */
  async start(lab: Lab): Promise<CheckSandbox> {
    const defaults = loadConfig({});
    const sandbox = await this.driver.create({
      id: newSessionId(),
      lab: lab.id,
      filesDir: lab.filesDir,
      network: lab.network,
      limits: {
        memoryBytes: defaults.SANDBOX_MEMORY, pids: defaults.SANDBOX_PIDS, cpus: defaults.SANDBOX_CPU, diskBytes: defaults.SANDBOX_DISK,
      },
    });
    try {
      const term = await sandbox.attach({ cols: 80, rows: 24 });
      await waitForPrompt(term);
    } catch (err) {
      await sandbox.destroy();
      throw err;
    }
    return {
      exec: (argv, options) => sandbox.exec(argv, options),
      destroy: () => sandbox.destroy(),
    };
  }

  async close(): Promise<void> {
    await this.driver.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The shell is ready once it prints its prompt (its home is populated by then). */
function waitForPrompt(term: TerminalStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the sandbox's shell printed no prompt within ${SHELL_READY_TIMEOUT_MS / 1000} s; it said: ${JSON.stringify(seen.slice(-300))}`));
    }, SHELL_READY_TIMEOUT_MS);
    const listener = term.onData((d) => {
      seen += d.toString('utf8');
      if (/\$ /.test(seen)) {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
  });
}

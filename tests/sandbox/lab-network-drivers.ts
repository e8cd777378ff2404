/**
 * What lab-network.test.ts needs to know about each driver: how to open it
 * (and why it cannot run here), how to find a session's network namespaces
 * as the machine sees them, what a session may leave behind, and which host
 * uids back its hosts. Everything else in that suite is the same for both.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { expect } from 'vitest';
import type { Sandbox, SandboxDriver } from '../../server/src/sandbox/driver.js';
import { BubblewrapDriver } from '../../server/src/sandbox/drivers/bubblewrap/bwrap-driver.js';
import { LABEL_SANDBOX } from '../../server/src/sandbox/drivers/docker/docker-spec.js';
import { LABEL_HOST, LABEL_ROLE } from '../../server/src/sandbox/drivers/docker/network-spec.js';
import { docker, dockerUnavailable, openDocker } from './docker-support.js';

const log = pino({ level: 'silent' });

/** One network namespace of a session: the lab host living in it (null: the switches), and its identity as /proc/PID/ns/net reads. */
export interface SessionNamespace {
  host: string | null;
  inode: string;
}

export interface OpenedNetworkDriver {
  driver: SandboxDriver;
  dataDir: string;
  namespacesOf(sandboxId: string): Promise<SessionNamespace[]>;
  /** Whatever of this session still exists: namespace names, containers, volumes. */
  leftovers(sandboxId: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface NetworkDriverHarness {
  name: string;
  unavailable(): Promise<string | null>;
  /** @param uidOffset keeps a second driver's pool uids apart from the first's (bubblewrap) */
  open(dataDir?: string, uidOffset?: number): Promise<OpenedNetworkDriver>;
  expectServiceHostUid(uid: number | null): void;
  expectCaptureUid(uid: number | null): void;
  /** Docker: the capture runs in the learner's network namespace (its own container joined to it); bubblewrap: in none. */
  captureSharesLearnerNetns: boolean;
  /** Checked on a fresh session before a check first runs on its router. */
  beforeFirstUse?(sandbox: Sandbox, opened: OpenedNetworkDriver): Promise<void>;
}

/** Host pids whose network namespace is this one. */
export function pidsInNetns(inode: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === inode) pids.push(Number(entry));
    } catch { /* gone, or a kernel thread */ }
  }
  return pids;
}

const UID_BASE = 3_300_000 + (process.pid % 100) * 1000;

function bwrapNamespaces(sandboxId: string): string[] {
  return readdirSync('/run/netns').filter((n) => n.startsWith('syslab-') && n.includes(sandboxId));
}

const bubblewrap: NetworkDriverHarness = {
  name: 'bubblewrap',
  async unavailable() {
    return process.getuid?.() === 0 ? null : 'the tests must run as root to build network namespaces';
  },
  async open(dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-net-')), uidOffset = 0) {
    const driver = await BubblewrapDriver.open({ dataDir, cgroupRoot: '/sys/fs/cgroup', uidBase: UID_BASE + uidOffset, log });
    const problem = await driver.check();
    if (problem) throw new Error(problem);
    return {
      driver,
      dataDir,
      async namespacesOf(sandboxId) {
        return bwrapNamespaces(sandboxId).map((name) => ({
          host: /-h-(.+)$/.exec(name)?.[1] ?? null,
          inode: `net:[${statSync(`/run/netns/${name}`).ino}]`,
        }));
      },
      async leftovers(sandboxId) {
        return bwrapNamespaces(sandboxId);
      },
      async close() {
        await driver.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  expectServiceHostUid(uid) {
    expect(uid).toBeGreaterThanOrEqual(UID_BASE);
  },
  expectCaptureUid(uid) {
    expect(uid).toBeGreaterThanOrEqual(UID_BASE);
  },
  captureSharesLearnerNetns: false,
  // A host without servers (the router) gets its sandbox only when a check first runs there.
  async beforeFirstUse(sandbox, opened) {
    const router = (await opened.namespacesOf(sandbox.id)).find((n) => n.host === 'router')!;
    expect(pidsInNetns(router.inode)).toEqual([]);
  },
};

async function dockerNamespaces(sandboxId: string): Promise<SessionNamespace[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX}=${sandboxId}`] } });
  const found: SessionNamespace[] = [];
  for (const c of containers) {
    const role = c.Labels[LABEL_ROLE];
    if (role === 'capture') continue; // it joins the learner's
    const pid = (await docker.getContainer(c.Id).inspect()).State.Pid;
    found.push({ host: role === 'switches' ? null : c.Labels[LABEL_HOST]!, inode: readlinkSync(`/proc/${pid}/ns/net`) });
  }
  return found;
}

const dockerHarness: NetworkDriverHarness = {
  name: 'docker',
  unavailable: dockerUnavailable,
  async open(dataDir) {
    const opened = await openDocker(dataDir);
    return {
      driver: opened.driver,
      dataDir: opened.dataDir,
      namespacesOf: dockerNamespaces,
      async leftovers(sandboxId) {
        const filters = { label: [`${LABEL_SANDBOX}=${sandboxId}`] };
        const containers = await docker.listContainers({ all: true, filters });
        const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
        return [...containers.map((c) => c.Names[0]!), ...volumes.map((v) => `volume ${v.Name}`)];
      },
      close: opened.close,
    };
  },
  // Like the learner's: uid 1000 (every Docker sandbox shares it; docs/security.md).
  expectServiceHostUid(uid) {
    expect(uid).toBe(1000);
  },
  // The parser runs as nobody once the opener has its socket.
  expectCaptureUid(uid) {
    expect(uid).toBe(65534);
  },
  captureSharesLearnerNetns: true,
};

export const NETWORK_DRIVERS: NetworkDriverHarness[] = [bubblewrap, dockerHarness];

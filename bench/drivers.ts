/**
 * The sandbox drivers the bench measures, one entry each: whether it can run
 * here (and if not, why, in plain words), and its bare-sandbox floor. A new
 * driver is one more entry.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';
import { settings } from '../server/src/config.js';
import { measureBareBwrap, type BareResult } from './measure-bare-bwrap.js';
import { dockerCgroupName, measureBareDocker } from './measure-bare-docker.js';
import type { BenchSettings } from './settings.js';

const run = promisify(execFile);

export interface DriverUnderTest {
  name: string;
  /** Null when it can be measured here; otherwise why not. */
  unavailable(): Promise<string | null>;
  /** The sandbox alone, no server (null: no such floor for this driver). */
  bare(count: number): Promise<BareResult | null>;
  bareStarts(s: BenchSettings): number;
  starts(s: BenchSettings): number;
  /** A lab with a network of hosts to time the start of too, when the driver can build one. */
  networkLab?: string;
  idleSessions(s: BenchSettings): number;
  /** The name of a session's cgroup directory (bubblewrap: the session id; Docker: the container id). */
  cgroupName(sessionId: string): Promise<string | null>;
  /** Host processes whose memory grows with this driver's sandboxes (null: none). */
  hostDaemons: RegExp | null;
}

function driverConfigured(name: string): boolean {
  return (settings.DRIVER[0] as { safeParse(v: unknown): { success: boolean } }).safeParse(name).success;
}

export const DRIVERS: DriverUnderTest[] = [
  {
    name: 'bubblewrap',
    async unavailable() {
      if (!existsSync('/usr/bin/bwrap')) return 'bubblewrap is not installed (apt-get install bubblewrap)';
      return null;
    },
    bare: (count) => measureBareBwrap(count),
    bareStarts: (s) => s.bareStarts,
    starts: (s) => s.starts,
    networkLab: 'networking',
    idleSessions: (s) => s.idleSessions,
    cgroupName: async (id) => id,
    hostDaemons: null,
  },
  {
    name: 'docker',
    async unavailable() {
      if (!driverConfigured('docker')) return 'the server has no docker driver yet (SYSLAB_DRIVER does not accept "docker" in server/src/config.ts)';
      const ping = await dockerPing();
      if (ping) return `no Docker engine answers: ${ping}`;
      return null;
    },
    bare: (count) => measureBareDocker(count),
    bareStarts: (s) => s.dockerStarts,
    starts: (s) => s.dockerStarts,
    networkLab: 'networking',
    idleSessions: (s) => s.dockerIdleSessions,
    cgroupName: dockerCgroupName,
    hostDaemons: /^(dockerd|containerd|containerd-shim.*)$/,
  },
];

/** Null when the engine answers GET /_ping on its socket. */
function dockerPing(socketPath = '/var/run/docker.sock'): Promise<string | null> {
  if (!existsSync(socketPath)) return Promise.resolve(`${socketPath} does not exist (start dockerd)`);
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: '/_ping', timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? null : `GET /_ping answered ${res.statusCode}`);
    });
    req.on('timeout', () => { req.destroy(); resolve('GET /_ping timed out'); });
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}

export async function dockerVersion(): Promise<string | null> {
  try {
    return (await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 5000 })).stdout.trim();
  } catch {
    return null;
  }
}

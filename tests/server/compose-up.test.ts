/**
 * `docker compose up` for real: the server image (syslab:latest) and the lab
 * image, a project of its own on free ports, healthy, a learner's session
 * through the published port with a shell in a sandbox container made by the
 * server through the mounted socket; the monitoring profile's Prometheus
 * scraping it by its service name; stopping the server removes every sandbox
 * it made. Prometheus runs from an image made of this host's own binary
 * (Debian's prometheus package), since nothing can be pulled here; Grafana is
 * not started (no image to be had). Needs both syslab images (scripts/setup.sh
 * --test builds them); without them or without compose it skips with the
 * reason, and in CI it fails instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerConfig } from '../sandbox/docker-support.js';
import { REPO } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

const SERVER_IMAGE = 'syslab:latest';
const PROMETHEUS_BINARY = '/usr/bin/prometheus';
const PROMETHEUS_IMAGE = 'syslab-test-prometheus:local';
const project = `syslabtest${process.pid}`;

function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return null;
}

async function missing(): Promise<string | null> {
  if (!composeCommand()) return 'neither `docker compose` nor `docker-compose` is installed';
  try {
    await docker.ping();
  } catch {
    return `no Docker engine answers at ${dockerConfig.DOCKER_SOCKET}`;
  }
  for (const image of [SERVER_IMAGE, dockerConfig.DOCKER_IMAGE, 'syslab-base:bookworm']) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      return `image ${image} is missing (scripts/setup.sh --test builds it)`;
    }
  }
  if (!existsSync(PROMETHEUS_BINARY)) return `${PROMETHEUS_BINARY} is missing (apt-get install prometheus)`;
  return null;
}

const unavailable = await missing();
if (unavailable && process.env.CI) throw new Error(`docker compose up must be tested in CI but cannot: ${unavailable}`);
if (unavailable) console.warn(`SKIPPED: docker compose up: ${unavailable}`);

const compose = (...args: string[]) => {
  const cmd = composeCommand()!;
  return execFileSync(cmd[0]!, [...cmd.slice(1), '-p', project, '-f', 'docker-compose.yml', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    // "127.0.0.1::3000": the engine picks free ports (the compose file's defaults are 3000 and 9090).
    env: {
      ...process.env,
      SYSLAB_PUBLISH: '127.0.0.1:',
      SYSLAB_PROMETHEUS_PUBLISH: '127.0.0.1:',
      SYSLAB_PROMETHEUS_IMAGE: PROMETHEUS_IMAGE,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
};

/** Prometheus as an image, from the host's own binary on the lab image's local base. */
function buildPrometheusImage() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-prometheus-image-'));
  try {
    copyFileSync(PROMETHEUS_BINARY, path.join(dir, 'prometheus'));
    writeFileSync(path.join(dir, 'Dockerfile'), [
      'FROM syslab-base:bookworm',
      'COPY prometheus /bin/prometheus',
      'RUN mkdir -p /prometheus /etc/prometheus',
      'WORKDIR /prometheus',
      'ENTRYPOINT ["/bin/prometheus"]',
      'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]',
    ].join('\n'));
    execFileSync('docker', ['build', '-q', '-t', PROMETHEUS_IMAGE, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: 'ignore' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let base = '';
let prometheus = '';
beforeAll(async () => {
  if (unavailable) return;
  buildPrometheusImage();
  compose('--profile', 'monitoring', 'up', '-d', 'syslab', 'prometheus');
  base = `http://${compose('port', 'syslab', '3000').trim()}`;
  prometheus = `http://${compose('--profile', 'monitoring', 'port', 'prometheus', '9090').trim()}`;
}, 120_000);
afterAll(() => {
  if (!unavailable) compose('--profile', 'monitoring', 'down', '-v');
}, 60_000);

async function promQuery(q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => null);
  if (!r?.ok) return [];
  return ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

describe.skipIf(unavailable !== null)('docker compose up', () => {
  let session: { id: string; token: string } | null = null;
  let networked: { id: string; token: string } | null = null;

  it('starts a healthy server; a learner gets a shell in a sandbox container', async () => {
    let health = '';
    for (let i = 0; i < 60 && health !== 'healthy'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const id = compose('ps', '-q', 'syslab').trim();
      health = (await docker.getContainer(id).inspect()).State.Health?.Status ?? '';
    }
    expect(health).toBe('healthy');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab: 'hello' }) });
    expect(res.status).toBe(201);
    session = await res.json() as { id: string; token: string };
    const term = await TerminalClient.connect(base, session.id, { token: session.token });
    await term.waitFor(/\$ (\x1b\[\?2004h)?$/, 30_000);
    expect(await term.run('echo "$(id -u) $(cat /proc/1/comm) $((6*7))"')).toContain('1000 docker-init 42');
    expect(await docker.listContainers({ filters: { label: [`syslab.sandbox=${session.id}`] } })).toHaveLength(1);
    term.close();
  }, 120_000);

  // The server in its container has nothing but the engine's socket: the lab
  // network is wired by the helper container the driver asks the engine for.
  it('a networking-lab session: the learner reaches the lab\'s web server by name through its router', async () => {
    const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab: 'networking' }) });
    expect(res.status, await res.clone().text()).toBe(201);
    networked = await res.json() as { id: string; token: string };
    const term = await TerminalClient.connect(base, networked.id, { token: networked.token });
    await term.waitFor(/\$ (\x1b\[\?2004h)?$/, 30_000);
    expect(await term.run('hostname; curl -s http://www.lab.test/hello.txt; ip route get 10.0.2.80')).toMatch(/laptop[\s\S]*hello from www[\s\S]*via 10\.0\.1\.1 dev eth0/);
    expect(await docker.listContainers({ filters: { label: [`syslab.sandbox=${networked.id}`] } })).toHaveLength(7);
    term.close();
  }, 120_000);

  it('the monitoring profile\'s Prometheus scrapes the server by its service name and sees the session', async () => {
    let active: Array<{ metric: Record<string, string>; value: [number, string] }> = [];
    // The scrape interval is 15 s: allow two.
    for (let i = 0; i < 45 && active[0]?.value[1] !== '2'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      active = await promQuery('syslab_sessions_active');
    }
    expect(active).toEqual([expect.objectContaining({ metric: expect.objectContaining({ job: 'syslab', instance: 'syslab:3000' }), value: [expect.any(Number), '2'] })]);
    expect((await promQuery('up{job="syslab"}'))[0]?.value[1]).toBe('1');
  }, 60_000);

  it('stopping the server (SIGTERM) removes the sandboxes it made, their lab networks and the network helper', async () => {
    expect(session).not.toBeNull();
    expect(networked).not.toBeNull();
    const instance = (await docker.listContainers({ filters: { label: [`syslab.sandbox=${session!.id}`] } }))[0]!.Labels['syslab.instance']!;
    compose('stop', 'syslab');
    for (const id of [session!.id, networked!.id]) {
      expect(await docker.listContainers({ all: true, filters: { label: [`syslab.sandbox=${id}`] } })).toEqual([]);
    }
    expect(await docker.listContainers({ all: true, filters: { label: [`syslab.instance=${instance}`] } })).toEqual([]);
    expect((await docker.listVolumes({ filters: { label: [`syslab.instance=${instance}`] } })).Volumes ?? []).toEqual([]);
  }, 60_000);
});

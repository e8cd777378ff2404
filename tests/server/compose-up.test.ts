/**
 * `docker compose up` for real: the server image (syslab:latest) and the lab
 * image, a project of its own on a free port, healthy, a learner's session
 * through the published port with a shell in a sandbox container made by the
 * server through the mounted socket; `down` removes every sandbox it made.
 * Needs both images (scripts/setup.sh --test builds them); without them or
 * without compose it skips with the reason, and in CI it fails instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerConfig } from '../sandbox/docker-support.js';
import { REPO } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

const SERVER_IMAGE = 'syslab:latest';
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
  for (const image of [SERVER_IMAGE, dockerConfig.DOCKER_IMAGE]) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      return `image ${image} is missing (scripts/build-server-image.sh --local-base; npm run image)`;
    }
  }
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
    // "127.0.0.1::3000": the engine picks a free port (the compose file's default is 3000).
    env: { ...process.env, SYSLAB_PUBLISH: '127.0.0.1:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
};

let base = '';
beforeAll(async () => {
  if (unavailable) return;
  compose('up', '-d');
  base = `http://${compose('port', 'syslab', '3000').trim()}`;
}, 60_000);
afterAll(() => {
  if (!unavailable) compose('down', '-v');
}, 60_000);

describe.skipIf(unavailable !== null)('docker compose up', () => {
  it('starts a healthy server; a learner gets a shell in a sandbox container; down removes it', async () => {
    let health = '';
    for (let i = 0; i < 60 && health !== 'healthy'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const id = compose('ps', '-q', 'syslab').trim();
      health = (await docker.getContainer(id).inspect()).State.Health?.Status ?? '';
    }
    expect(health).toBe('healthy');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);

    const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lab: 'hello' }) });
    expect(res.status).toBe(201);
    const { id, token } = await res.json() as { id: string; token: string };
    const term = await TerminalClient.connect(base, id, { token });
    await term.waitFor(/\$ (\x1b\[\?2004h)?$/, 30_000);
    expect(await term.run('echo "$(id -u) $(cat /proc/1/comm) $((6*7))"')).toContain('1000 docker-init 42');
    const sandboxes = await docker.listContainers({ filters: { label: [`syslab.sandbox=${id}`] } });
    expect(sandboxes).toHaveLength(1);
    term.close();

    // down sends SIGTERM: the server removes its sandboxes before it exits.
    compose('stop', 'syslab');
    expect(await docker.listContainers({ all: true, filters: { label: [`syslab.sandbox=${id}`] } })).toEqual([]);
  }, 120_000);
});

/**
 * docker-compose.yml is valid for the compose we can run (`docker compose`
 * v2 when present, else Debian's docker-compose v1: bookworm's docker.io
 * ships no v2 plugin), and it says what docs/deploy.md promises: the Docker
 * driver through the mounted socket, a persistent data volume, a health
 * check that works against a real server, the lab image built first, and a
 * monitoring profile mounting files that exist. Without either compose the
 * validation skips with the reason; in CI it fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO, startServer } from '../support/server.js';

interface Service {
  build?: { context: string; args?: Record<string, string> };
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  network_mode?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
}
const compose = YAML.parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

/** The compose command this machine has: v2 plugin first, then v1. */
function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return null;
}

describe('docker-compose.yml', () => {
  const cmd = composeCommand();
  it('validates with `compose config`, with and without the monitoring profile', (ctx) => {
    if (!cmd) {
      if (process.env.CI) throw new Error('neither `docker compose` nor `docker-compose` is installed (scripts/setup.sh --test installs docker-compose)');
      console.warn('SKIPPED: compose config: neither `docker compose` nor `docker-compose` is installed');
      ctx.skip();
    }
    const run = (...args: string[]) => execFileSync(cmd![0]!, [...cmd!.slice(1), '-f', 'docker-compose.yml', ...args], { cwd: REPO, encoding: 'utf8' });
    run('config', '-q');
    run('--profile', 'monitoring', 'config', '-q');
    // (v1 lists every service whatever the profile; which ones a profile holds is checked below.)
    expect(run('--profile', 'monitoring', 'config', '--services').trim().split('\n').sort())
      .toEqual(['grafana', 'prometheus', 'sandbox-image', 'syslab']);
  });

  it('runs the server with the Docker driver through the mounted socket, its data on a named volume', () => {
    const syslab = compose.services.syslab!;
    expect(syslab.environment).toMatchObject({ SYSLAB_DRIVER: 'docker', SYSLAB_HOST: '0.0.0.0', SYSLAB_DATA_DIR: '/var/lib/syslab' });
    expect(syslab.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(syslab.volumes).toContain('syslab-data:/var/lib/syslab');
    expect(compose.volumes).toHaveProperty('syslab-data');
    expect(syslab).toMatchObject({ read_only: true, cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
    // Published on loopback unless the operator says otherwise.
    expect(syslab.ports).toEqual(['${SYSLAB_PUBLISH:-127.0.0.1:3000}:3000']);
    expect(existsSync(path.join(REPO, 'Dockerfile'))).toBe(true);
  });

  it('builds the lab image from sandbox/ before the server starts', () => {
    const image = compose.services['sandbox-image']!;
    expect(image.build!.context).toBe('./sandbox');
    expect(existsSync(path.join(REPO, 'sandbox/Dockerfile'))).toBe(true);
    expect(image.network_mode).toBe('none');
    expect(compose.services.syslab!.depends_on).toEqual({ 'sandbox-image': { condition: 'service_completed_successfully' } });
  });

  it('mounts monitoring files that exist, only under the monitoring profile', () => {
    for (const name of ['prometheus', 'grafana']) {
      const s = compose.services[name]!;
      expect(s.profiles).toEqual(['monitoring']);
      for (const v of s.volumes!.filter((v) => v.startsWith('./'))) {
        const host = v.split(':')[0]!;
        expect(existsSync(path.join(REPO, host)), `${name} mounts ${host}`).toBe(true);
      }
    }
  });

  it('its health check command passes against a real server', async () => {
    const test = compose.services.syslab!.healthcheck!.test;
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const server = await startServer({ env: { SYSLAB_DRIVER: 'fake' } });
    try {
      const script = test[3]!.replace('127.0.0.1:3000', `127.0.0.1:${server.port}`);
      expect(spawnSync(process.execPath, ['-e', script]).status).toBe(0);
      await server.stop();
      // And fails once nothing answers.
      expect(spawnSync(process.execPath, ['-e', script]).status).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

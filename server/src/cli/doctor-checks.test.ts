import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { cgroups, dockerEngine, learnerTools, nodeVersion } from './doctor-checks.js';

describe('doctor checks', () => {
  it('Node.js: 20.19 and newer pass, older fail with where to get one', () => {
    expect(nodeVersion('20.19.0').status).toBe('ok');
    expect(nodeVersion('22.1.0').status).toBe('ok');
    const old = nodeVersion('20.18.3');
    expect(old).toMatchObject({ status: 'fail', title: 'Node.js 20.18.3 is too old (syslab needs 20.19 or newer)' });
    expect(old.fix).toContain('nodejs.org');
    expect(nodeVersion('18.20.0').status).toBe('fail');
  });

  it('a missing cgroup hierarchy is a warning with the setting to change, for bubblewrap only', () => {
    const none = cgroups(loadConfig({ SYSLAB_CGROUP_ROOT: '/nonexistent' }));
    expect(none).toMatchObject({ status: 'warn', title: 'no cgroup hierarchy at /nonexistent: sandboxes fall back to rlimits (weaker limits)' });
    expect(none.fix).toContain('--cgroup-root');
    expect(cgroups(loadConfig({ SYSLAB_CGROUP_ROOT: '/nonexistent', SYSLAB_DRIVER: 'docker' })).status).toBe('info');
  });

  it('no Docker socket: blocking for the Docker driver, information otherwise', async () => {
    const [forDocker] = await dockerEngine(loadConfig({ SYSLAB_DRIVER: 'docker', SYSLAB_DOCKER_SOCKET: '/nonexistent.sock' }));
    expect(forDocker).toMatchObject({ status: 'fail', title: 'no Docker engine socket at /nonexistent.sock' });
    expect(forDocker!.fix).toContain('apt-get install docker.io');
    const [forBwrap] = await dockerEngine(loadConfig({ SYSLAB_DOCKER_SOCKET: '/nonexistent.sock' }));
    expect(forBwrap!.status).toBe('info');
  });

  it('an unreadable package list is a warning naming the file', async () => {
    const f = await learnerTools(loadConfig({}), '/nonexistent-repo');
    expect(f).toEqual({ status: 'warn', title: 'cannot read /nonexistent-repo/sandbox/packages.txt, the list of learner tools' });
  });
});

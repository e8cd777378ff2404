/**
 * The Docker driver against a real engine: the shared conformance suite,
 * plus what only this driver has (the engine's seccomp, the container's
 * init, labels and the sweep after a crash, what check() reports). Without
 * an engine it skips with the reason; in CI it fails instead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerDriver } from '../../server/src/sandbox/drivers/docker/docker-driver.js';
import { describeDriverConformance } from './driver-conformance.js';
import { containerPids, docker, dockerConfig, dockerUnavailable, openDocker } from './docker-support.js';
import { startSandbox, survivors, TEST_LIMITS } from './sandbox-harness.js';

describeDriverConformance('docker', async () => {
  const opened = await openDocker();
  const problem = await opened.driver.check();
  if (problem) {
    await opened.close();
    return { unavailable: problem };
  }
  return {
    driver: opened.driver,
    hostPids: containerPids(opened.driver),
    // The image has a /var/lib of its own; the host's engine state must not show.
    hostOnlyPaths: ['/var/lib/docker', '/var/lib/containerd', '/run/docker.sock', '/var/run/docker.sock'],
    close: opened.close,
  };
});

describe('docker driver specifics', () => {
  let unavailable: string | null = null;
  beforeAll(async () => {
    unavailable = await dockerUnavailable();
    if (unavailable && process.env.CI) throw new Error(`the Docker driver must run in CI but cannot: ${unavailable}`);
    if (unavailable) console.warn(`SKIPPED: docker driver specifics: ${unavailable}`);
  });
  const test = (title: string, fn: () => Promise<void>, timeout?: number) =>
    it(title, async (ctx) => {
      if (unavailable) ctx.skip();
      await fn();
    }, timeout);

  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => { await Promise.all(opened.map((o) => o.close())); });
  async function open(dataDir?: string) {
    const o = await openDocker(dataDir);
    opened.push(o);
    return o;
  }

  test('runs under the engine\'s seccomp filter, with docker-init as pid 1 reaping orphans', async () => {
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver));
    try {
      const r = await s.sandbox.exec(['/bin/sh', '-c', [
        'grep Seccomp: /proc/self/status',
        'cat /proc/1/comm',
        // An orphan that exits: only a reaping pid 1 keeps it from staying a zombie.
        '(sleep 0.2 &) ; sleep 1; ps -eo stat= | grep -c "^Z" || true',
        // clone(CLONE_NEWUSER|SIGCHLD) itself (x86_64 syscall 56), not only unshare(1): the
        // kernel would allow it unprivileged; only the profile's clone rule stops it.
        'python3 -c "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); r = libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0); os._exit(0) if r == 0 else print(r, os.strerror(ctypes.get_errno()))"',
      ].join('; ')], { timeoutMs: 10_000 });
      const [seccomp, init, zombies, unshare] = r.stdout.trim().split('\n');
      expect(seccomp).toMatch(/Seccomp:\s+2/);
      expect(init).toBe('docker-init');
      expect(zombies).toBe('0');
      expect(unshare).toBe('-1 Operation not permitted');
    } finally {
      await s.destroy();
    }
  });

  test('a read-only image, a size-capped writable home and /tmp, no network device but loopback', async () => {
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver));
    try {
      const r = await s.sandbox.exec(['/bin/sh', '-c',
        'touch /opt/x 2>&1 | grep -o "Read-only file system"; df -B1 --output=size ~ /tmp | tail -2; ls /sys/class/net | tr "\\n" " "'],
      { timeoutMs: 5000 });
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('Read-only file system');
      expect(lines.slice(1, 3).map(Number)).toEqual([TEST_LIMITS.diskBytes, TEST_LIMITS.diskBytes]);
      expect(lines[3]!.trim()).toBe('lo');
    } finally {
      await s.destroy();
    }
  });

  test('the lab\'s files and /etc/skel are in the home, owned by the learner', async () => {
    const files = mkdtempSync(path.join(os.tmpdir(), 'syslab-docker-files-'));
    writeFileSync(path.join(files, 'notes.txt'), 'from the lab\n');
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver), TEST_LIMITS, files);
    try {
      const r = await s.sandbox.exec(['/bin/sh', '-c', 'cat notes.txt; stat -c %u notes.txt; test -f .bashrc && echo has-bashrc'], { timeoutMs: 5000 });
      expect(r.stdout).toBe('from the lab\n1000\nhas-bashrc\n');
    } finally {
      await s.destroy();
      rmSync(files, { recursive: true, force: true });
    }
  });

  test('exec feeds stdin and closes it, reports exit codes, and keeps stderr apart', async () => {
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver));
    try {
      const cat = await s.sandbox.exec(['/bin/sh', '-c', 'cat; echo oops >&2; exit 3'], { timeoutMs: 5000, stdin: 'from stdin\n' });
      expect(cat).toMatchObject({ exitCode: 3, stdout: 'from stdin\n', stderr: 'oops\n', timedOut: false });
      const missingCmd = await s.sandbox.exec(['no-such-command'], { timeoutMs: 5000 });
      // runc refuses to start it: the engine reports 126 (a shell would say 127); never a throw.
      expect([126, 127]).toContain(missingCmd.exitCode);
      const env = await s.sandbox.exec(['/bin/sh', '-c', 'echo $GREETING; env | grep -c SYSLAB_ || true'], { timeoutMs: 5000, env: { GREETING: 'hi' } });
      expect(env.stdout).toBe('hi\n1\n'); // the kill marker is the only SYSLAB_ variable a command sees
    } finally {
      await s.destroy();
    }
  });

  test('the shell\'s exit ends the terminal stream with its status, and the sandbox stops taking commands', async () => {
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver));
    try {
      s.type('exit 7\r');
      expect(await s.term.exited).toEqual({ code: 7, signal: null });
      const after = await s.sandbox.exec(['true'], { timeoutMs: 5000 }).catch((e: Error) => e);
      expect(after).toBeInstanceOf(Error);
    } finally {
      await s.destroy();
    }
  });

  test('reports memory, processes and CPU from the engine', async () => {
    const { driver } = await open();
    const s = await startSandbox(driver, containerPids(driver));
    try {
      const stats = await s.sandbox.stats();
      expect(stats.memoryBytes).toBeGreaterThan(0);
      expect(stats.pids).toBeGreaterThanOrEqual(2); // Docker's init and the shell
      expect(stats.cpuSeconds).toBeGreaterThan(0);
    } finally {
      await s.destroy();
    }
  });

  test('labels its containers; a restarted server sweeps what a dead one left, and only that', async () => {
    const first = await open();
    const other = await open();
    const s = await startSandbox(first.driver, containerPids(first.driver));
    const bystander = await startSandbox(other.driver, containerPids(other.driver));
    const pids = await s.hostPids();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    // A new driver on the same data directory is a restarted server.
    const restarted = await DockerDriver.open({
      dataDir: first.dataDir, socketPath: dockerConfig.DOCKER_SOCKET, image: dockerConfig.DOCKER_IMAGE, log: pino({ level: 'silent' }),
    });
    expect(await restarted.sweep()).toBe(1);
    expect(await survivors(pids)).toEqual([]);
    const left = await docker.listContainers({ all: true, filters: { label: [`syslab.sandbox=${s.sandbox.id}`] } });
    expect(left).toEqual([]);
    expect(await bystander.run('echo still-here')).toContain('still-here');
    await bystander.destroy();
  });

  test('check() says what is missing and how to fix it', async () => {
    const log = pino({ level: 'silent' });
    const dataDir = (await open()).dataDir;
    const noSocket = await DockerDriver.open({ dataDir, socketPath: '/nonexistent/docker.sock', image: 'x', log });
    expect(await noSocket.check()).toMatch(/no Docker engine socket at \/nonexistent\/docker.sock: install and start Docker/);
    const noImage = await DockerDriver.open({ dataDir, socketPath: dockerConfig.DOCKER_SOCKET, image: 'syslab-no-such-image:1', log });
    expect(await noImage.check()).toMatch(/the lab image syslab-no-such-image:1 is missing: build it with npm run image/);
  });
});

/**
 * The bubblewrap driver: the shared conformance suite, plus what only this
 * driver has (its cgroups, its sweep after a crash).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BubblewrapDriver } from '../../server/src/sandbox/drivers/bubblewrap/bwrap-driver.js';
import { describeDriverConformance } from './driver-conformance.js';
import { ptyTreePids, startSandbox, survivors } from './sandbox-harness.js';
import { sandboxCgroupDirs } from '../support/cgroup-dirs.js';

const log = pino({ level: 'silent' });

async function openBubblewrap(uidBase: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-bwrap-'));
  const driver = await BubblewrapDriver.open({ dataDir, cgroupRoot: '/sys/fs/cgroup', uidBase, log });
  return { driver, dataDir };
}

describeDriverConformance('bubblewrap', async () => {
  const { driver, dataDir } = await openBubblewrap(4_000_000 + (process.pid % 100) * 10_000);
  const problem = await driver.check();
  if (problem) return { unavailable: problem };
  return {
    driver,
    hostPids: ptyTreePids,
    hostOnlyPaths: ['/var/lib'],
    async close() {
      await driver.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});


describe('bubblewrap driver specifics', () => {
  it('puts each sandbox in cgroups with its limits and removes them on destroy', async () => {
    const { driver, dataDir } = await openBubblewrap(4_500_000 + (process.pid % 100) * 1000);
    const s = await startSandbox(driver, ptyTreePids);
    const dirs = sandboxCgroupDirs(s.sandbox.id);
    expect(dirs.length).toBeGreaterThanOrEqual(3);
    const stats = await s.sandbox.stats();
    expect(stats.pids).toBeGreaterThanOrEqual(2);
    expect(stats.memoryBytes).toBeGreaterThan(0);
    await s.destroy();
    expect(sandboxCgroupDirs(s.sandbox.id)).toEqual([]);
    await driver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sweep removes what a dead server left (a sandbox whose owner never destroyed it)', async () => {
    const { driver, dataDir } = await openBubblewrap(4_600_000 + (process.pid % 100) * 1000);
    const s = await startSandbox(driver, ptyTreePids);
    const pids = await s.hostPids();
    // A new driver on the same data directory is a restarted server.
    const restarted = await BubblewrapDriver.open({ dataDir, cgroupRoot: '/sys/fs/cgroup', uidBase: 4_700_000, log });
    expect(await restarted.sweep()).toBe(1);
    expect(await survivors(pids)).toEqual([]);
    expect(sandboxCgroupDirs(s.sandbox.id)).toEqual([]);
    s.term.kill();
    await restarted.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every process in the sandbox, shell and exec alike, carries the system call filter: keyrings, bpf and io_uring fail with EPERM', async () => {
    const { driver, dataDir } = await openBubblewrap(4_800_000 + (process.pid % 100) * 1000);
    const s = await startSandbox(driver, ptyTreePids);
    // keyctl(KEYCTL_GET_KEYRING_ID), bpf(BPF_PROG_LOAD), io_uring_setup: without the filter these fail
    // with other errors (EINVAL, EFAULT, ENOKEY) or succeed; with it, the kernel never looks at them.
    const probe = `python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); print(*[f"{n}={os.strerror(ctypes.get_errno()) if l.syscall(nr,0,0,0,0,0)<0 else 0}" for n,nr in (("keyctl",250),("bpf",321),("io_uring",425))])'`;
    const inShell = await s.run(`grep Seccomp: /proc/self/status; ${probe}; ls /proc/$$/fd | tr '\\n' ' '`);
    expect(inShell).toMatch(/Seccomp:\s+2/);
    expect(inShell).toContain('keyctl=Operation not permitted bpf=Operation not permitted io_uring=Operation not permitted');
    // The launcher's descriptor 3 (the filter) does not reach the shell.
    expect(inShell).toMatch(/^0 1 2 255 $/m);
    const viaExec = await s.sandbox.exec(['sh', '-c', `grep Seccomp: /proc/self/status; ${probe}`], { timeoutMs: 10_000 });
    expect(viaExec.stdout).toMatch(/Seccomp:\s+2/);
    expect(viaExec.stdout).toContain('keyctl=Operation not permitted bpf=Operation not permitted io_uring=Operation not permitted');
    // The bwrap init (pid 1) is filtered too, so ptrace of it gains nothing.
    expect(await s.run('grep Seccomp: /proc/1/status')).toMatch(/Seccomp:\s+2/);
    await s.destroy();
    await driver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

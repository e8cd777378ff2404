import { describe, expect, it } from 'vitest';
import { cgroupParents, cgroupPlan } from './cgroup-plan.js';

const limits = { memoryBytes: 512 * 2 ** 20, pids: 128, cpus: 0.5, diskBytes: 1 };

describe('cgroupPlan v1', () => {
  const plan = cgroupPlan(1, '/sys/fs/cgroup', 'syslab-abc', 's1', limits, true);

  it('makes one directory per controller under the instance parent', () => {
    expect(plan.dirs.map((d) => d.path)).toEqual([
      '/sys/fs/cgroup/memory/syslab-abc/s1',
      '/sys/fs/cgroup/pids/syslab-abc/s1',
      '/sys/fs/cgroup/cpu/syslab-abc/s1',
      '/sys/fs/cgroup/cpuacct/syslab-abc/s1',
    ]);
    expect(plan.procsFiles).toEqual(plan.dirs.map((d) => `${d.path}/cgroup.procs`));
  });

  it('writes the memory, swap, pids and CPU quota limits', () => {
    const writes = Object.fromEntries(plan.dirs.flatMap((d) => d.writes.map((w) => [w.file, w.value])));
    expect(writes).toEqual({
      'memory.limit_in_bytes': String(512 * 2 ** 20),
      'memory.memsw.limit_in_bytes': String(512 * 2 ** 20),
      'pids.max': '128',
      'cpu.cfs_period_us': '100000',
      'cpu.cfs_quota_us': '50000',
    });
  });

  it('leaves cpuacct out when it is co-mounted with cpu', () => {
    const shared = cgroupPlan(1, '/sys/fs/cgroup', 'syslab-abc', 's1', limits, false);
    expect(shared.dirs.map((d) => d.path)).not.toContain('/sys/fs/cgroup/cpuacct/syslab-abc/s1');
    expect(cgroupParents(1, '/sys/fs/cgroup', 'syslab-abc', false)).toHaveLength(3);
  });
});

describe('cgroupPlan v2', () => {
  const plan = cgroupPlan(2, '/sys/fs/cgroup', 'syslab-abc', 's1', limits);

  it('enables the controllers down to the instance parent, then limits one directory', () => {
    expect(plan.parents).toEqual([
      { path: '/sys/fs/cgroup', writes: [{ file: 'cgroup.subtree_control', value: '+memory +pids +cpu' }] },
      { path: '/sys/fs/cgroup/syslab-abc', writes: [{ file: 'cgroup.subtree_control', value: '+memory +pids +cpu' }] },
    ]);
    expect(plan.dirs).toHaveLength(1);
    expect(plan.dirs[0]!.writes).toEqual([
      { file: 'memory.max', value: String(512 * 2 ** 20) },
      { file: 'memory.swap.max', value: '0', optional: true },
      { file: 'pids.max', value: '128' },
      { file: 'cpu.max', value: '50000 100000' },
    ]);
    expect(plan.procsFiles).toEqual(['/sys/fs/cgroup/syslab-abc/s1/cgroup.procs']);
  });

  it('never asks for less than 1 ms of CPU per period', () => {
    const tiny = cgroupPlan(2, '/r', 'p', 's', { ...limits, cpus: 0.001 });
    expect(tiny.dirs[0]!.writes.find((w) => w.file === 'cpu.max')!.value).toBe('1000 100000');
  });
});

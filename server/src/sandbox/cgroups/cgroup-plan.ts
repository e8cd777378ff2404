/**
 * Which cgroup directories and limit files a sandbox needs, as data. v1
 * (a hierarchy per controller, as on these Debian bookworm machines) and v2
 * (one unified hierarchy, most modern hosts) differ only here.
 */
import type { SandboxLimits } from '../driver.js';

export type CgroupVersion = 1 | 2;

/**
 * A server's sandboxes live under one parent in each hierarchy, named after
 * its instance, so a restart finds what its dead predecessor left, and never
 * touches another server's sandboxes on the same host.
 */
export function cgroupParentName(instance: string): string {
  return `syslab-${instance}`;
}
/** The CFS period; the quota is cpus × this. 100 ms is the kernel's own default. */
export const CPU_PERIOD_US = 100_000;

export interface CgroupDir {
  /** Absolute path of the sandbox's directory. */
  path: string;
  /** Files written in order after mkdir: [name, value]. Optional ones may be absent on some kernels. */
  writes: Array<{ file: string; value: string; optional?: boolean }>;
}

export interface CgroupPlan {
  version: CgroupVersion;
  /** Parents to create first, each with files to write (v2: enabling controllers for children). */
  parents: CgroupDir[];
  dirs: CgroupDir[];
  /** The launcher writes its pid into each of these. */
  procsFiles: string[];
}

/**
 * v1 hierarchies we use. cpuacct is separate from cpu on some hosts (these
 * machines) and co-mounted as cpu,cpuacct on others; `cpuacctSeparate` says which.
 */
export const V1_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

export function cgroupPlan(
  version: CgroupVersion, root: string, parentName: string, id: string, limits: SandboxLimits, cpuacctSeparate = false,
): CgroupPlan {
  const quota = String(Math.max(1000, Math.round(limits.cpus * CPU_PERIOD_US)));
  if (version === 1) {
    const dirs: CgroupDir[] = [
      { path: `${root}/memory/${parentName}/${id}`, writes: [
        { file: 'memory.limit_in_bytes', value: String(limits.memoryBytes) },
        // Without this the sandbox could push its excess to swap instead of being OOM-killed.
        { file: 'memory.memsw.limit_in_bytes', value: String(limits.memoryBytes), optional: true },
      ] },
      { path: `${root}/pids/${parentName}/${id}`, writes: [{ file: 'pids.max', value: String(limits.pids) }] },
      { path: `${root}/cpu/${parentName}/${id}`, writes: [
        { file: 'cpu.cfs_period_us', value: String(CPU_PERIOD_US) },
        { file: 'cpu.cfs_quota_us', value: quota },
      ] },
    ];
    if (cpuacctSeparate) dirs.push({ path: `${root}/cpuacct/${parentName}/${id}`, writes: [] });
    const controllers = cpuacctSeparate ? [...V1_CONTROLLERS, 'cpuacct'] : V1_CONTROLLERS;
    return {
      version,
      parents: controllers.map((c) => ({ path: `${root}/${c}/${parentName}`, writes: [] })),
      dirs,
      procsFiles: dirs.map((d) => `${d.path}/cgroup.procs`),
    };
  }
  const parent = `${root}/${parentName}`;
  const dir = `${parent}/${id}`;
  return {
    version,
    parents: [
      { path: root, writes: [{ file: 'cgroup.subtree_control', value: '+memory +pids +cpu' }] },
      { path: parent, writes: [{ file: 'cgroup.subtree_control', value: '+memory +pids +cpu' }] },
    ],
    dirs: [{ path: dir, writes: [
      { file: 'memory.max', value: String(limits.memoryBytes) },
      { file: 'memory.swap.max', value: '0', optional: true },
      { file: 'pids.max', value: String(limits.pids) },
      { file: 'cpu.max', value: `${quota} ${CPU_PERIOD_US}` },
    ] }],
    procsFiles: [`${dir}/cgroup.procs`],
  };
}

/** Directories under which sandbox cgroups of this version live (for sweeping). */
export function cgroupParents(version: CgroupVersion, root: string, parentName: string, cpuacctSeparate = false): string[] {
  return version === 1
    ? [...V1_CONTROLLERS, ...(cpuacctSeparate ? ['cpuacct'] : [])].map((c) => `${root}/${c}/${parentName}`)
    : [`${root}/${parentName}`];
}

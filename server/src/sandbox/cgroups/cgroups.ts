/**
 * Applies cgroup plans: creates a sandbox's cgroups, reads its usage, kills
 * everything in it and removes it; sweeps what a dead server left.
 */
import fs from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import type { SandboxLimits, SandboxStats } from '../driver.js';
import { cgroupParents, cgroupPlan, type CgroupPlan, type CgroupVersion } from './cgroup-plan.js';

export function detectCgroupVersion(root: string): CgroupVersion | null {
  if (existsSync(`${root}/cgroup.controllers`)) return 2;
  if (existsSync(`${root}/memory/cgroup.procs`) && existsSync(`${root}/pids/cgroup.procs`)) return 1;
  return null;
}

export class SandboxCgroup {
  constructor(readonly plan: CgroupPlan) {}

  get procsFiles(): string[] {
    return this.plan.procsFiles;
  }

  async stats(): Promise<SandboxStats> {
    const dirs = this.plan.dirs.map((d) => d.path);
    if (this.plan.version === 1) {
      const [mem, pids, cpu, cpuacct] = dirs;
      return {
        memoryBytes: await readNumber(`${mem}/memory.usage_in_bytes`),
        pids: await readNumber(`${pids}/pids.current`),
        // cpuacct is co-mounted with cpu (cpu,cpuacct) or its own hierarchy; usage is in ns.
        cpuSeconds: nsToSeconds(await readNumber(`${cpuacct ?? cpu}/cpuacct.usage`)),
      };
    }
    const [dir] = dirs;
    const cpuStat = await fs.readFile(`${dir}/cpu.stat`, 'utf8').catch(() => '');
    const usec = /usage_usec (\d+)/.exec(cpuStat)?.[1];
    return {
      memoryBytes: await readNumber(`${dir}/memory.current`),
      pids: await readNumber(`${dir}/pids.current`),
      cpuSeconds: usec ? Number(usec) / 1e6 : null,
    };
  }

  /** SIGKILL every process in the sandbox's cgroups until none is left. */
  async killAll(): Promise<void> {
    await killCgroups(this.plan.dirs.map((d) => d.path));
  }

  async remove(): Promise<void> {
    await this.killAll();
    await removeDirs(this.plan.dirs.map((d) => d.path));
  }
}

export class Cgroups {
  private readonly cpuacctSeparate: boolean;

  constructor(readonly version: CgroupVersion, readonly root: string, readonly parentName: string) {
    this.cpuacctSeparate = version === 1 && existsSync(`${root}/cpuacct/cgroup.procs`)
      && realpathSync(`${root}/cpuacct`) !== realpathSync(`${root}/cpu`);
  }

  /** Creates the cgroups; throws (with the file that failed) if the host refuses. */
  async create(id: string, limits: SandboxLimits): Promise<SandboxCgroup> {
    const plan = cgroupPlan(this.version, this.root, this.parentName, id, limits, this.cpuacctSeparate);
    for (const p of plan.parents) {
      await fs.mkdir(p.path, { recursive: true });
      await applyWrites(p.path, p.writes);
    }
    try {
      for (const d of plan.dirs) {
        await fs.mkdir(d.path);
        await applyWrites(d.path, d.writes);
      }
    } catch (err) {
      await removeDirs(plan.dirs.map((d) => d.path));
      throw err;
    }
    return new SandboxCgroup(plan);
  }

  /** Kill and remove every sandbox cgroup under our parents (and the parents). Returns the ids found. */
  async sweep(): Promise<string[]> {
    const ids = new Set<string>();
    const parents = cgroupParents(this.version, this.root, this.parentName, this.cpuacctSeparate);
    for (const parent of parents) {
      const entries = await fs.readdir(parent, { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory()) ids.add(e.name);
    }
    for (const id of ids) {
      const dirs = parents.map((p) => `${p}/${id}`);
      await killCgroups(dirs);
      await removeDirs(dirs);
    }
    // The parents too: create() makes them again, and a server that never
    // comes back should leave nothing behind. One still in use stays (EBUSY).
    await removeDirs(parents).catch(() => {});
    return [...ids];
  }
}

async function applyWrites(dir: string, writes: CgroupPlan['dirs'][number]['writes']) {
  for (const w of writes) {
    try {
      await fs.writeFile(`${dir}/${w.file}`, w.value);
    } catch (err) {
      if (w.optional) continue;
      throw new Error(`cannot write ${w.value} to ${dir}/${w.file}: ${(err as Error).message}`);
    }
  }
}

async function readPids(dir: string): Promise<number[]> {
  const text = await fs.readFile(`${dir}/cgroup.procs`, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

/**
 * A fork bomb can create processes between our read and our kill, but
 * pids.max bounds it and each round kills everything it saw, so this
 * converges; cgroup.kill (v2, Linux 5.14+) does it in one write.
 */
async function killCgroups(dirs: string[]) {
  for (const dir of dirs) {
    if (existsSync(`${dir}/cgroup.kill`)) await fs.writeFile(`${dir}/cgroup.kill`, '1').catch(() => {});
  }
  for (let round = 0; round < 200; round++) {
    let seen = 0;
    for (const dir of dirs) {
      for (const pid of await readPids(dir)) {
        seen++;
        try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }
    if (seen === 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function removeDirs(dirs: string[]) {
  for (const dir of dirs) {
    // rmdir fails with EBUSY for a moment after the last process died (it is still being reaped).
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await fs.rmdir(dir);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || attempt === 99) throw err;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
}

async function readNumber(file: string): Promise<number | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : null;
}

function nsToSeconds(ns: number | null) {
  return ns === null ? null : ns / 1e9;
}

/** The cgroup directories a sandbox (session id) has on this host, under any syslab instance. */
import { existsSync, readdirSync } from 'node:fs';

export function sandboxCgroupDirs(id: string, root = '/sys/fs/cgroup'): string[] {
  const found: string[] = [];
  for (const controller of ['memory', 'pids', 'cpu', 'cpuacct', '.']) {
    const base = `${root}/${controller}`;
    if (!existsSync(base)) continue;
    for (const parent of readdirSync(base).filter((d) => d.startsWith('syslab-'))) {
      if (existsSync(`${base}/${parent}/${id}`)) found.push(`${base}/${parent}/${id}`);
    }
  }
  return found;
}

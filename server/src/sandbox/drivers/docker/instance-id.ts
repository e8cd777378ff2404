/**
 * Which server a container belongs to: a random id kept in the data
 * directory. One server per data directory, so a restarted server (same
 * directory) finds its predecessor's containers and no other's. Not a hash
 * of the path, as bubblewrap's cgroup parent is: under docker compose every
 * deployment's data directory is /var/lib/syslab, and two of them on one
 * engine must not sweep each other's sandboxes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'docker-instance';

export function loadInstanceId(dataDir: string): string {
  const file = path.join(dataDir, FILE);
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{10}$/.test(id)) return id;
  } catch { /* first start */ }
  mkdirSync(dataDir, { recursive: true });
  const id = randomBytes(5).toString('hex');
  writeFileSync(file, `${id}\n`, { mode: 0o644 });
  return id;
}

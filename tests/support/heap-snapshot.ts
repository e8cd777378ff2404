/**
 * Counts live objects by class in a server's heap, for leak tests. Start the
 * server with `heapSnapshotEnv(dir)`; `countObjects` then signals it to write
 * a heap snapshot (V8 runs a full garbage collection first, so what is
 * counted is what is still reachable) and tallies objects by constructor name.
 * Writing a snapshot takes seconds and its own memory: once per phase of a
 * test, not in a loop.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** NODE_OPTIONS making the server write a heap snapshot into `dir` on SIGUSR2. */
export function heapSnapshotEnv(dir: string): Record<string, string> {
  return { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` };
}

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapCount {
  /** Live objects per class name, for the names asked (all of them if none). */
  counts: Map<string, number>;
  /** Bytes of everything reachable in the heap (the sum of every node's own size). */
  liveBytes: number;
}

/** Makes process `pid` write a heap snapshot into `dir` and counts it; the file is deleted once read. */
export async function countObjects(pid: number, dir: string, names?: readonly string[], timeoutMs = 60_000): Promise<HeapCount> {
  const known = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  let file: string | undefined;
  let snapshot: HeapSnapshotFile | null = null;
  let lastSize = -1;
  while (snapshot === null) {
    if (Date.now() > deadline) throw new Error(`no heap snapshot from ${pid} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
    file ??= readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !known.has(f));
    if (!file) continue;
    // Written in pieces: done once its size holds still and it parses.
    const size = statSync(path.join(dir, file)).size;
    if (size === 0 || size !== lastSize) {
      lastSize = size;
      continue;
    }
    try {
      snapshot = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as HeapSnapshotFile;
    } catch { /* still being written */ }
  }
  rmSync(path.join(dir, file!), { force: true });
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const wanted = names ? new Set(names) : null;
  const counts = new Map<string, number>(names?.map((n) => [n, 0]));
  let liveBytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    liveBytes += snapshot.nodes[i + sizeAt]!;
    if (types[snapshot.nodes[i + typeAt]!] !== 'object') continue;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    if (wanted && !wanted.has(name)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { counts, liveBytes };
}

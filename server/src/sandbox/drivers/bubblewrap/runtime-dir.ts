/**
 * Host files a sandbox mounts (its generated /etc, a lab's files/) must be
 * reachable by the sandbox's unprivileged host uid, which cannot traverse a
 * private data directory or a clone under /root (0700). So they are staged
 * in a per-server runtime directory under /run, world-traversable and
 * read-only to others, made fresh at start and removed at shutdown.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatedEtcFiles } from './sandbox-etc.js';

export class RuntimeDir {
  private readonly staged = new Map<string, Promise<string>>();

  private constructor(readonly root: string) {}

  static async create(instance: string): Promise<RuntimeDir> {
    const base = process.getuid?.() === 0 && existsSync('/run') ? '/run' : os.tmpdir();
    const root = path.join(base, `syslab-${instance}`);
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(path.join(root, 'etc'), { recursive: true });
    for (const [name, content] of Object.entries(generatedEtcFiles())) {
      await fs.writeFile(path.join(root, 'etc', name), content);
    }
    const dir = new RuntimeDir(root);
    await makeReadable(root);
    return dir;
  }

  get etcDir(): string {
    return path.join(this.root, 'etc');
  }

  /** A readable copy of a lab's files/ directory (copied once per server run). */
  stageFiles(source: string): Promise<string> {
    let staged = this.staged.get(source);
    if (!staged) {
      staged = (async () => {
        const dest = path.join(this.root, 'files', createHash('sha256').update(source).digest('hex').slice(0, 16));
        await fs.rm(dest, { recursive: true, force: true });
        await fs.cp(source, dest, { recursive: true, dereference: true });
        await makeReadable(path.join(this.root, 'files'));
        return dest;
      })();
      this.staged.set(source, staged);
    }
    return staged;
  }

  async remove(): Promise<void> {
    await fs.rm(this.root, { recursive: true, force: true });
  }
}

/** Directories 0755, files 0644 (0755 if executable by the owner). */
async function makeReadable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadable(p);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(p);
      await fs.chmod(p, mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

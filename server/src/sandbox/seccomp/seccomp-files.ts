/**
 * Puts the seccomp filter where the bubblewrap driver needs it: the program
 * (deny-filter.ts) as a file bwrap reads through a descriptor, and the small
 * loader that exec runs before nsenter (sandbox/seccomp-exec.c), compiled
 * here with the host's gcc, which the learner's tools already require.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../run-command.js';
import { denyFilterProgram } from './deny-filter.js';

export interface SeccompFiles {
  /** The BPF program (struct sock_filter[]), read by bwrap --seccomp. */
  filterFile: string;
  /** `seccomp-exec FILTER COMMAND…`: loads the filter, then execs the command. */
  execHelper: string;
}

/** The loader's source, found from this module in src/ and in dist/ alike. */
export const SECCOMP_EXEC_SOURCE = findSource();

/** gcc on a cold cache takes ~150 ms here; a loaded machine gets ten times that. */
const COMPILE_TIMEOUT_MS = 30_000;

/**
 * Writes the filter into `dir` (created, root-owned, readable by sandbox
 * uids) and finds or builds the loader. Resolves to a problem string when it
 * cannot. The loader is built once per version of its source and kept in
 * `cacheDir` (every server start, and the test suite starts dozens, would
 * otherwise run gcc); a cache directory someone else could write to is not
 * used, since root executes what is in it.
 */
export async function prepareSeccomp(dir: string, cacheDir: string): Promise<SeccompFiles | string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const filterFile = path.join(dir, 'filter.bpf');
  await fs.writeFile(filterFile, denyFilterProgram(), { mode: 0o644 });
  const source = await fs.readFile(SECCOMP_EXEC_SOURCE);
  const name = `seccomp-exec-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
  const home = (await privateDir(cacheDir)) ? cacheDir : dir;
  const execHelper = path.join(home, name);
  if (existsSync(execHelper)) return { filterFile, execHelper };
  if (!existsSync('/usr/bin/gcc')) return 'gcc is missing (it builds the seccomp loader): apt-get install gcc libc6-dev';
  // Built beside, then renamed: a server starting at the same moment never runs half a file.
  const building = `${execHelper}.${process.pid}.tmp`;
  const built = await runCommand(
    { file: '/usr/bin/gcc', args: ['-O2', '-Wall', '-o', building, SECCOMP_EXEC_SOURCE], env: { PATH: '/usr/bin:/bin' } },
    { timeoutMs: COMPILE_TIMEOUT_MS },
  );
  if (built.exitCode !== 0) {
    await fs.rm(building, { force: true });
    return `could not build the seccomp loader from ${SECCOMP_EXEC_SOURCE}: ${built.stderr.trim() || built.stdout.trim()}`;
  }
  await fs.chmod(building, 0o755);
  await fs.rename(building, execHelper);
  return { filterFile, execHelper };
}

/** Made if missing; true when it is a directory of this process's user that nobody else can write to. */
async function privateDir(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    const st = await fs.lstat(dir);
    return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function findSource(): string {
  // server/src/sandbox/seccomp (tsx) or dist/server/src/sandbox/seccomp (built): the repo root is 4 or 5 levels up.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../../..', '../../../../..']) {
    const candidate = path.resolve(here, up, 'sandbox/seccomp-exec.c');
    if (existsSync(candidate)) return candidate;
  }
  return path.resolve(here, '../../../../sandbox/seccomp-exec.c');
}

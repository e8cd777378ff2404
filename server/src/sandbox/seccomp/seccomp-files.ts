/**
 * Puts the seccomp filter where the bubblewrap driver needs it: the program
 * (deny-filter.ts) as a file bwrap reads through a descriptor, and the small
 * loader that exec runs before nsenter (sandbox/seccomp-exec.c), compiled
 * here with the host's gcc, which the learner's tools already require.
 */
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

/** Writes both files into `dir` (created, root-owned, readable by sandbox uids). Resolves to a problem string when it cannot. */
export async function prepareSeccomp(dir: string): Promise<SeccompFiles | string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const filterFile = path.join(dir, 'filter.bpf');
  const execHelper = path.join(dir, 'seccomp-exec');
  await fs.writeFile(filterFile, denyFilterProgram(), { mode: 0o644 });
  if (!existsSync('/usr/bin/gcc')) return 'gcc is missing (it builds the seccomp loader): apt-get install gcc libc6-dev';
  const built = await runCommand(
    { file: '/usr/bin/gcc', args: ['-O2', '-Wall', '-o', execHelper, SECCOMP_EXEC_SOURCE], env: { PATH: '/usr/bin:/bin' } },
    { timeoutMs: COMPILE_TIMEOUT_MS },
  );
  if (built.exitCode !== 0) return `could not build the seccomp loader from ${SECCOMP_EXEC_SOURCE}: ${built.stderr.trim() || built.stdout.trim()}`;
  await fs.chmod(execHelper, 0o755);
  return { filterFile, execHelper };
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

/**
 * The floor for session start: the bubblewrap driver's own argv (launcher,
 * setpriv, bwrap with every namespace and mount) running /bin/true instead
 * of the login shell. No server, no pty, no cgroup, no bash start-up.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_HOSTNAME, shellCommand, type BwrapHost } from '../server/src/sandbox/drivers/bubblewrap/bwrap-spec.js';
import { prepareSeccomp } from '../server/src/sandbox/seccomp/seccomp-files.js';
import { generatedEtcFiles, presentHostEtcEntries } from '../server/src/sandbox/drivers/bubblewrap/sandbox-etc.js';
import { summarize, type Summary } from './stats.js';

export interface BareResult {
  ms: Summary;
  argv: string;
}

/** A uid far from the server's pools, never a real user. */
const BARE_UID = 4_900_000;

export async function measureBareBwrap(count: number): Promise<BareResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'syslab-bench-bare-'));
  try {
    const etcDir = path.join(root, 'etc');
    mkdirSync(etcDir);
    const etcFiles = generatedEtcFiles();
    for (const [name, content] of Object.entries(etcFiles)) writeFileSync(path.join(etcDir, name), content, { mode: 0o644 });
    chmodSync(root, 0o755);
    chmodSync(etcDir, 0o755);
    // The same system-call filter every sandbox carries (bwrap --seccomp, through the launcher).
    const seccomp = await prepareSeccomp(path.join(root, 'seccomp'), path.join(root, 'seccomp'));
    // The fields the driver fills for a lab without a network. (Built here
    // because the driver keeps its host private; a field the driver adds
    // later is simply absent, and the bench says so if bwrap then fails.)
    const host = {
      hostUid: process.getuid?.() === 0 ? BARE_UID : null,
      generatedEtcDir: etcDir,
      generatedEtcFiles: Object.keys(etcFiles),
      hostname: SANDBOX_HOSTNAME,
      netnsPath: null,
      configDir: null,
      seccomp: typeof seccomp === 'string' ? null : seccomp,
      hostEtcEntries: presentHostEtcEntries(),
      usrMerged: { bin: true, lib: true, lib64: existsSync('/usr/lib64'), sbin: true },
      cgroupProcsFiles: [],
      rlimitFallback: null,
    } as unknown as BwrapHost;
    const spec = { id: 'bench-bare', lab: 'hello', filesDir: null, limits: { memoryBytes: 512 * 1024 ** 2, pids: 256, cpus: 1, diskBytes: 256 * 1024 ** 2 } };
    const cmd = shellCommand(spec, host);
    // The login shell's start-up script is the last argument after `/bin/sh -c`: replace all three with /bin/true.
    const args = [...cmd.args.slice(0, -3), '/bin/true'];
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const code = await run(cmd.file, args, cmd.env);
      if (code !== 0) throw new Error(`bwrap … true exited with ${code}`);
      samples.push(performance.now() - t0);
    }
    return { ms: summarize(samples), argv: `launcher (sh) → setpriv → bwrap with the driver's ${args.length} arguments → /bin/true` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

/**
 * Runs a host command to completion with a timeout and bounded output: the
 * way checks and probes reach into a sandbox. Kills the whole process group
 * on timeout so nothing the command started lingers on the host side.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CappedOutput } from './capped-output.js';
import type { ExecOptions, ExecResult, SandboxProcess, SpawnCommand } from './driver.js';
import { sealInheritableFds } from './seal-fds.js';

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
/** Time for nsenter to reap its killed child before the rest of the group is killed. */
const GROUP_KILL_DELAY_MS = 100;

export function runCommand(cmd: SpawnCommand, options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    sealInheritableFds(); // no pty master or other server fd may reach a sandbox
    const child = spawn(cmd.file, cmd.args, {
      env: { ...cmd.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, killed as one
    });
    const out = new CappedOutput(max);
    const err = new CappedOutput(max);
    let timedOut = false;
    let spawnError: Error | null = null;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (e) => { spawnError = e; });
    child.stdin.on('error', () => { /* the command may exit without reading stdin */ });
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        signal,
        stdout: out.text(),
        stderr: spawnError ? String(spawnError) : err.text(),
        timedOut,
        truncated: out.truncated || err.truncated,
        durationMs: performance.now() - started,
      });
    });
  });
}

/** Starts a host command that streams until it exits or is killed (its whole process group). */
export function spawnCommand(cmd: SpawnCommand, env: Record<string, string> = {}): SandboxProcess {
  sealInheritableFds();
  const child = spawn(cmd.file, cmd.args, {
    env: { ...cmd.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', () => resolve({ exitCode: null, signal: null }));
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal }));
  });
  return {
    onStdout: (fn) => { child.stdout.on('data', fn); },
    onStderr: (fn) => { child.stderr.on('data', fn); },
    exited,
    kill: () => killGroup(child.pid),
  };
}

/**
 * Kills a command and everything in its process group. The command's direct
 * children go first: for `nsenter`, that child lives inside the sandbox, and
 * if nsenter died before it, the kernel would hand the child (a zombie soon)
 * to the host's init instead of letting nsenter reap it, and the learner
 * would see it lingering. The group follows a moment later, for whatever is
 * left.
 */
function killGroup(pid: number | undefined) {
  if (!pid) return;
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch { /* gone */ }
  for (const child of children) {
    try { process.kill(Number(child), 'SIGKILL'); } catch { /* gone */ }
  }
  const group = () => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } };
  if (children.length === 0) group();
  else setTimeout(group, GROUP_KILL_DELAY_MS).unref();
}

/**
 * Commands inside a running Docker sandbox through the Engine's exec API:
 * run to completion with a timeout and an output cap (checks), or stream
 * until killed (traces). The engine cannot kill an exec, so each carries a
 * marker in its environment and a second exec kills whatever has it.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { CappedOutput } from '../../capped-output.js';
import type { ExecOptions, ExecResult, SandboxProcess } from '../../driver.js';
import { commandExecBody, killMarkedExecBody } from './docker-spec.js';
import { FrameDemuxer } from './exec-frames.js';

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
/** The engine reports an exec's exit code a moment after its stream ends (milliseconds; longer on a loaded host): this long at most. */
const EXIT_CODE_WAIT_MS = 5000;
const EXIT_CODE_POLL_MS = 20;
/** After a kill, a stream that stays open this long is closed from our side. */
const KILL_GRACE_MS = 3000;

export interface StartedExec {
  exec: Docker.Exec;
  stream: Duplex;
}

export async function startExec(container: Docker.Container, body: Docker.ExecCreateOptions): Promise<StartedExec> {
  const exec = await container.exec(body);
  const stream = await exec.start({ hijack: true, stdin: Boolean(body.AttachStdin), Tty: Boolean(body.Tty) }) as Duplex;
  return { exec, stream };
}

/** Exit code once the engine has it (null if it never says). */
export async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  const deadline = Date.now() + EXIT_CODE_WAIT_MS;
  for (;;) {
    const info = await exec.inspect().catch(() => null);
    if (!info) return null;
    if (!info.Running) return info.ExitCode;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, EXIT_CODE_POLL_MS));
  }
}

/** Resolves when the stream has ended one way or another. */
export function streamClosed(stream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    stream.once('close', () => resolve());
    stream.once('end', () => resolve());
    stream.once('error', () => resolve());
  });
}

export async function killMarked(container: Docker.Container, marker: string): Promise<void> {
  try {
    const { stream } = await startExec(container, killMarkedExecBody(marker));
    stream.resume();
    await streamClosed(stream);
  } catch { /* the sandbox is gone: so is the command */ }
}

export async function runExec(container: Docker.Container, argv: string[], options: ExecOptions): Promise<ExecResult> {
  const marker = randomBytes(8).toString('hex');
  return runExecBody(container, commandExecBody(argv, marker, options.env ?? {}, options.stdin !== undefined), marker, options);
}

/**
 * Runs one exec body to completion, output capped, killed after the timeout
 * (by `marker`, which the body's environment must carry; a root exec's
 * processes are beyond the learner-uid killer, so such a body must end by
 * itself, and only its stream is cut).
 */
export async function runExecBody(container: Docker.Container, body: Docker.ExecCreateOptions, marker: string,
  options: Omit<ExecOptions, 'env' | 'host'>): Promise<ExecResult> {
  const started = performance.now();
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const { exec, stream } = await startExec(container, body);
  const out = new CappedOutput(max);
  const err = new CappedOutput(max);
  let timedOut = false;
  const demux = new FrameDemuxer((b) => out.push(b), (b) => err.push(b));
  stream.on('data', (b: Buffer) => demux.push(b));
  stream.on('error', () => { /* ends like a close */ });
  if (options.stdin !== undefined) stream.end(options.stdin);
  const closed = streamClosed(stream);
  const timer = setTimeout(() => {
    timedOut = true;
    void killMarked(container, marker);
    setTimeout(() => stream.destroy(), KILL_GRACE_MS).unref();
  }, options.timeoutMs);
  await closed;
  clearTimeout(timer);
  const exitCode = timedOut ? null : await exitCodeOf(exec);
  return {
    exitCode,
    signal: timedOut ? 'SIGKILL' : null,
    stdout: out.text(),
    stderr: err.text(),
    timedOut,
    truncated: out.truncated || err.truncated,
    durationMs: performance.now() - started,
  };
}

/** A streaming command; kill() ends it and everything it started. */
export function spawnExec(container: Docker.Container, argv: string[], env: Record<string, string>): SandboxProcess {
  const marker = randomBytes(8).toString('hex');
  const stdout: ((b: Buffer) => void)[] = [];
  const stderr: ((b: Buffer) => void)[] = [];
  let stream: Duplex | null = null;
  let killed = false;
  const demux = new FrameDemuxer((b) => { for (const fn of stdout) fn(b); }, (b) => { for (const fn of stderr) fn(b); });
  const kill = async () => {
    killed = true;
    if (!stream) return;
    const s = stream;
    await killMarked(container, marker);
    setTimeout(() => s.destroy(), KILL_GRACE_MS).unref();
  };
  const exited = (async () => {
    let started: StartedExec;
    try {
      started = await startExec(container, commandExecBody(argv, marker, env, false));
    } catch {
      return { exitCode: null, signal: null };
    }
    stream = started.stream;
    stream.on('data', (b: Buffer) => demux.push(b));
    stream.on('error', () => { /* ends like a close */ });
    if (killed) void kill();
    await streamClosed(stream);
    if (killed) return { exitCode: null, signal: 'SIGKILL' as NodeJS.Signals };
    return { exitCode: await exitCodeOf(started.exec), signal: null };
  })();
  return {
    onStdout: (fn) => { stdout.push(fn); },
    onStderr: (fn) => { stderr.push(fn); },
    exited,
    kill: () => { void kill(); },
  };
}

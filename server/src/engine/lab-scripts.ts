/**
 * Running a lab's scripts (verify.sh, setup.sh, solve.sh) and live-question
 * commands inside a sandbox, and reading their verdict.
 *
 * A script runs as `/bin/sh -c <its text> <its name>`: the text travels in
 * argv, so lab folders never need to be mounted into sandboxes, and the
 * script's stdin stays empty (end of file at once) instead of being the
 * script itself, as it would be with `sh -s`, where a stray `read` or `cat`
 * would swallow the rest of the script. The name becomes $0, so the shell's
 * own errors say which script failed ("01-make-a-file/verify.sh: 3: foo: not
found").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PromiseCache } from '../promise-cache.js';
import type { ExecOptions, ExecResult } from '../sandbox/driver.js';
import { EngineLimits } from './engine-limits.js';

/** Anything scripts can run in: a Sandbox, or a Session (which runs in its sandbox). */
export interface ExecTarget {
  exec(argv: string[], options: ExecOptions): Promise<ExecResult>;
}

export interface Script {
  /** Step folder and file name, e.g. "01-make-a-file/verify.sh"; becomes $0. */
  name: string;
  text: string;
}

export interface ScriptRun {
  /** Exited 0 within its time limit. */
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export function scriptArgv(script: Script): string[] {
  return ['/bin/sh', '-c', script.text, script.name];
}

/** @param host a host of the lab's network to run on (a step's or live question's `host`); absent: the learner's */
export async function runScript(target: ExecTarget, script: Script, timeoutMs: number, host?: string): Promise<ScriptRun> {
  const r = await target.exec(scriptArgv(script), {
    timeoutMs,
    ...(host !== undefined ? { host } : {}),
    stdin: '',
    maxOutputBytes: EngineLimits.SCRIPT_OUTPUT_MAX_BYTES,
  });
  return {
    ok: r.exitCode === 0 && !r.timedOut,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    durationMs: r.durationMs,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** What the learner is told when verify.sh overran its time limit. */
export function timeoutHint(timeoutMs: number): string {
  return `The check took too long (over ${timeoutMs / 1000} s) and was stopped, so the step is not done yet. It will be tried again in a moment.`;
}

/**
 * verify.sh's verdict as the guide shows it: null when it passed; otherwise
 * the first line of its stdout, trimmed and capped, or null when that line
 * is empty (the guide then says only "not yet").
 */
export function hintOf(run: ScriptRun, timeoutMs: number): string | null {
  if (run.ok) return null;
  if (run.timedOut) return timeoutHint(timeoutMs);
  const first = run.stdout.split('\n', 1)[0]!.trim();
  if (first === '') return null;
  return capText(first, EngineLimits.HINT_MAX_CHARS);
}

/** Cut to at most `max` characters (code points, so no emoji is split in half), marking the cut with an ellipsis. */
export function capText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A live question's right answer, read from the sandbox: the command's
 * stdout, trimmed, when it exits 0 in time and prints something; null
 * otherwise (the state the question asks about is not there).
 */
export async function readLiveAnswer(target: ExecTarget, command: string, host?: string): Promise<string | null> {
  const run = await runScript(target, { name: 'live-question', text: command }, EngineLimits.LIVE_TIMEOUT_MS, host);
  if (!run.ok) return null;
  const answer = run.stdout.trim();
  return answer === '' ? null : capText(answer, EngineLimits.LIVE_ANSWER_MAX_CHARS);
}

/**
 * Script texts by absolute path, read once: labs are loaded once at start-up,
 * and a check polled every few seconds should not touch the disk each time.
 */
export class ScriptFiles {
  // A failed read (file removed under a running server) is not remembered.
  private readonly cache = new PromiseCache(async (file: string): Promise<Script> => ({
    name: `${path.basename(path.dirname(file))}/${path.basename(file)}`,
    text: await readFile(file, 'utf8'),
  }));

  read(file: string): Promise<Script> {
    return this.cache.get(file);
  }
}

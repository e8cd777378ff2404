import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeLabsDir } from '../labs/lab-fixture.js';
import { EngineLimits } from './engine-limits.js';
import { capText, hintOf, readLiveAnswer, runScript, ScriptFiles, scriptArgv, type ScriptRun } from './lab-scripts.js';
import { failsWith, prints, ScriptedExec } from './scripted-exec-fixture.js';

const failed = (stdout: string, extra: Partial<ScriptRun> = {}): ScriptRun =>
  ({ ok: false, exitCode: 1, timedOut: false, durationMs: 3, stdout, stderr: '', ...extra });

describe('scriptArgv and runScript', () => {
  it('runs the text with sh -c, named as $0, with an empty stdin, a time limit and an output cap', async () => {
    expect(scriptArgv({ name: '01-x/verify.sh', text: 'exit 0' })).toEqual(['/bin/sh', '-c', 'exit 0', '01-x/verify.sh']);
    const exec = new ScriptedExec({ '01-x/verify.sh': failsWith('no\n') });
    const run = await runScript(exec, { name: '01-x/verify.sh', text: 'echo no; exit 1' }, 1234);
    expect(run).toMatchObject({ ok: false, exitCode: 1, stdout: 'no\n', timedOut: false });
    expect(exec.calls[0]!.options).toEqual({ timeoutMs: 1234, stdin: '', maxOutputBytes: EngineLimits.SCRIPT_OUTPUT_MAX_BYTES });
  });

  it('does not count exit 0 as ok when the time limit killed it', async () => {
    const exec = new ScriptedExec({ s: () => ({ exitCode: 0, timedOut: true }) });
    expect((await runScript(exec, { name: 's', text: '' }, 10)).ok).toBe(false);
  });
});

describe('hintOf', () => {
  it('is null for a pass', () => {
    expect(hintOf({ ...failed('ignored'), ok: true, exitCode: 0 }, 5000)).toBeNull();
  });

  it('is the first line of stdout, trimmed', () => {
    expect(hintOf(failed('  Run the echo command.  \nsecond line\n'), 5000)).toBe('Run the echo command.');
    expect(hintOf(failed('no newline'), 5000)).toBe('no newline');
    expect(hintOf(failed('crlf\r\n'), 5000)).toBe('crlf');
  });

  it('is null when the first line is empty, even if later lines are not', () => {
    expect(hintOf(failed(''), 5000)).toBeNull();
    expect(hintOf(failed('\nsecond'), 5000)).toBeNull();
    expect(hintOf(failed('   \n'), 5000)).toBeNull();
  });

  it('says the check took too long on a timeout, whatever was printed', () => {
    expect(hintOf(failed('partial', { timedOut: true, exitCode: null }), 5000)).toMatch(/^The check took too long \(over 5 s\)/);
  });

  it('caps a long line with an ellipsis', () => {
    const hint = hintOf(failed('x'.repeat(1000)), 5000)!;
    expect([...hint]).toHaveLength(EngineLimits.HINT_MAX_CHARS);
    expect(hint.endsWith('…')).toBe(true);
  });
});

describe('capText', () => {
  it('counts code points, so it never splits an emoji', () => {
    expect(capText('😀😀😀', 3)).toBe('😀😀😀');
    expect(capText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(capText('short', 10)).toBe('short');
  });
});

describe('readLiveAnswer', () => {
  it('is the trimmed stdout of a command that exits 0 and prints something', async () => {
    const exec = new ScriptedExec({ 'live-question': prints('  42\n') });
    expect(await readLiveAnswer(exec, 'echo 42')).toBe('42');
    expect(exec.calls[0]).toMatchObject({ text: 'echo 42', options: { timeoutMs: EngineLimits.LIVE_TIMEOUT_MS } });
  });

  it('is null when the command fails, prints nothing, or times out', async () => {
    expect(await readLiveAnswer(new ScriptedExec({ 'live-question': failsWith('42') }), 'x')).toBeNull();
    expect(await readLiveAnswer(new ScriptedExec({ 'live-question': prints(' \n') }), 'x')).toBeNull();
    expect(await readLiveAnswer(new ScriptedExec({ 'live-question': () => ({ exitCode: 0, stdout: '1', timedOut: true }) }), 'x')).toBeNull();
  });
});

describe('ScriptFiles', () => {
  it('reads a script once, named by its step folder and file', async () => {
    const { labsDir, cleanup } = makeLabsDir();
    try {
      const file = path.join(labsDir, '01-first', 'verify.sh');
      mkdirSync(path.dirname(file));
      writeFileSync(file, 'exit 0\n');
      const files = new ScriptFiles();
      expect(await files.read(file)).toEqual({ name: '01-first/verify.sh', text: 'exit 0\n' });
      rmSync(file);
      expect((await files.read(file)).text).toBe('exit 0\n');
      await expect(files.read(path.join(labsDir, 'missing.sh'))).rejects.toThrow(/ENOENT/);
    } finally {
      cleanup();
    }
  });
});

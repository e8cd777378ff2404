/** The content test's judgement, over a fake sandbox; tests/content runs it for real on every lab. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lab } from '../labs/lab.js';
import { makeLabsDir, writeLab } from '../labs/lab-fixture.js';
import { loadLab } from '../labs/lab-loader.js';
import { runContentTest } from './content-test.js';
import { failsWith, passes, prints, ScriptedExec, type Behaviour } from './scripted-exec-fixture.js';

const QUIZ = `questions:
  - id: pick-one
    type: single
    prompt: Which?
    choices: [a, b]
    answer: 1
    explanation: Because b.
  - id: note
    type: live
    prompt: Note?
    command: cat note
    explanation: cat it.
`;

let lab: Lab;
let cleanup: () => void;
beforeEach(() => {
  const dir = makeLabsDir();
  cleanup = dir.cleanup;
  writeLab(dir.labsDir, 'demo', { 'quiz.yaml': QUIZ });
  lab = loadLab(dir.labsDir, 'demo');
});
afterEach(() => cleanup());

/** verify.sh fails with a hint until solve.sh has run once, as a good step does. */
const failsUntilSolved = (step: string): Behaviour => ({ n }) => (n === 1 ? { exitCode: 1, stdout: `do ${step}\n` } : { exitCode: 0 });

function goodSandbox(): ScriptedExec {
  return new ScriptedExec({
    '01-first/verify.sh': failsUntilSolved('first'),
    '02-second/verify.sh': failsUntilSolved('second'),
    'live-question': prints('done\n'),
  });
}

async function test(sandbox: ScriptedExec) {
  const lines: string[] = [];
  const report = await runContentTest(lab, sandbox, { onLine: (l) => lines.push(l) });
  return { report, lines };
}

describe('runContentTest', () => {
  it('passes a good lab: per step setup, verify fails with a hint, solve, verify passes; then the quiz', async () => {
    const sandbox = goodSandbox();
    const { report, lines } = await test(sandbox);
    expect(report).toEqual({ lab: 'demo', ok: true, problems: [], warnings: [] });
    expect(sandbox.calls.map((c) => c.name)).toEqual([
      '01-first/verify.sh', '01-first/solve.sh', '01-first/verify.sh',
      '02-second/setup.sh', '02-second/verify.sh', '02-second/solve.sh', '02-second/verify.sh',
      'live-question',
    ]);
    expect(lines).toEqual([
      '  ✓ step 1 (steps/01-first): fails with "do first", passes after solve.sh',
      '  ✓ step 2 (steps/02-second): fails with "do second", passes after solve.sh',
      '  ✓ quiz question "note": the sandbox answers "done"',
      '  ✓ quiz: 2 questions, each right answer graded right',
    ]);
  });

  it('fails a verify.sh that passes before solve.sh (a check that cannot fail), and stops there', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['01-first/verify.sh'] = passes;
    const { report, lines } = await test(sandbox);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^step 1 \(steps\/01-first\): verify\.sh passes before solve\.sh has run/)]);
    expect(lines.at(-1)).toBe('  … 1 later step not run: each builds on the ones before');
    expect(sandbox.callsOf('02-second/verify.sh')).toBe(0);
    expect(sandbox.callsOf('live-question')).toBe(0);
  });

  it('fails a verify.sh that fails without a hint', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['02-second/verify.sh'] = ({ n }) => (n === 1 ? { exitCode: 1, stdout: '' } : { exitCode: 0 });
    const { report } = await test(sandbox);
    expect(report.problems).toEqual([expect.stringMatching(/^step 2 \(steps\/02-second\): verify\.sh fails as it should, but prints no hint/)]);
  });

  it('fails a step whose verify.sh still fails after solve.sh, quoting its hint', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['01-first/verify.sh'] = failsWith('still not\n');
    const { report } = await test(sandbox);
    expect(report.problems).toEqual(['step 1 (steps/01-first): verify.sh still fails after solve.sh ran, saying: still not']);
  });

  it('fails a setup.sh that exits non-zero, quoting its stderr', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['02-second/setup.sh'] = () => ({ exitCode: 2, stderr: '02-second/setup.sh: 1: mkfifo: Permission denied\n' });
    const { report } = await test(sandbox);
    expect(report.problems).toEqual(['step 2 (steps/02-second): setup.sh exited with 2: 02-second/setup.sh: 1: mkfifo: Permission denied']);
  });

  it('fails a solve.sh that runs out of time, suggesting the usual cause', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['01-first/solve.sh'] = () => ({ exitCode: null, timedOut: true });
    const { report } = await test(sandbox);
    expect(report.problems).toEqual([expect.stringMatching(/solve\.sh took longer than 15 s .*detach it with <\/dev\/null >\/dev\/null 2>&1/)]);
  });

  it('fails a live question whose command finds no answer after every solve', async () => {
    const sandbox = goodSandbox();
    sandbox.behaviours['live-question'] = prints('\n');
    const { report } = await test(sandbox);
    expect(report.problems).toEqual(['quiz question "note": its command found no answer (it failed or printed nothing) after every step\'s solve.sh ran']);
  });

  it('warns, without failing, about a slow verify.sh', async () => {
    const sandbox = goodSandbox();
    const slow = failsUntilSolved('first');
    sandbox.behaviours['01-first/verify.sh'] = (call) => ({ ...slow(call), durationMs: 2500 });
    const { report } = await test(sandbox);
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([expect.stringMatching(/^step 1 \(steps\/01-first\): verify\.sh took 2500 ms/)]);
  });
});

/**
 * The engine with a real SQLite store and the real lab loader, over a fake
 * sandbox whose scripts answer from a table (the real sandbox is in
 * tests/labs-api and tests/content).
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { loadCatalog } from '../labs/lab-catalog.js';
import { makeLabsDir, writeLab } from '../labs/lab-fixture.js';
import { SandboxError } from '../sandbox/driver.js';
import { openDatabase, type Db } from '../store/database.js';
import { LearnerStore } from '../store/learner-store.js';
import { ProgressStore } from '../store/progress-store.js';
import { makeDataDir } from '../store/store-fixture.js';
import { LabEngine, type GuideSession } from './lab-engine.js';
import { failsWith, gate, passes, prints, ScriptedExec } from './scripted-exec-fixture.js';

const QUIZ = `questions:
  - id: pick-one
    type: single
    prompt: Which?
    choices: [a, b]
    answer: 1
    explanation: Because b.
  - id: shell-pid
    type: live
    prompt: PID?
    command: echo $$
    compare: number
    explanation: echo $$ prints it.
`;

let cleanups: Array<() => void>;
let db: Db;
let progress: ProgressStore;
let learners: LearnerStore;
let logs: Array<Record<string, unknown>>;
let engine: LabEngine;
let sandbox: ScriptedExec;
let session: GuideSession;

function newSession(learnerId: string, exec = sandbox, id = 'sa'): GuideSession {
  return { id, info: { lab: 'demo', learnerId }, exec: (argv, o) => exec.exec(argv, o) };
}

beforeEach(() => {
  const labs = makeLabsDir();
  const data = makeDataDir();
  cleanups = [labs.cleanup, data.cleanup];
  writeLab(labs.labsDir, 'demo', { 'quiz.yaml': QUIZ });
  const { catalog, errors } = loadCatalog(labs.labsDir);
  expect(errors).toEqual([]);
  db = openDatabase(data.dataDir);
  progress = new ProgressStore(db);
  learners = new LearnerStore(db);
  logs = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line) as Record<string, unknown>); } });
  engine = new LabEngine({ catalog, progress, log });
  // Step 1 is done once the fake's `done` flag is set; step 2 (with setup.sh) never passes.
  sandbox = new ScriptedExec({
    '01-first/verify.sh': failsWith('make the file\nmore detail'),
    '02-second/verify.sh': failsWith('not yet'),
  });
  session = newSession(learners.create().learner.id);
});
afterEach(() => {
  db.close();
  for (const c of cleanups) c();
});

async function appError(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('checkStep', () => {
  it('fails with the first line of verify.sh as the hint, then passes and records the pass', async () => {
    expect(await engine.checkStep(session, 1)).toEqual({ passed: false, hint: 'make the file' });
    expect(progress.passedSteps(session.info.learnerId, 'demo')).toEqual([]);
    sandbox.behaviours['01-first/verify.sh'] = passes;
    expect(await engine.checkStep(session, 1)).toEqual({ passed: true, hint: null });
    expect(progress.passedSteps(session.info.learnerId, 'demo').map((p) => p.step)).toEqual(['01-first']);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'step checked', session: 'sa', lab: 'demo', step: 1, passed: true, durationMs: expect.any(Number) }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'step checked', step: 1, passed: false, level: 20 }));
  });

  it('keeps a passed step passed without running verify.sh again, in any later session of the learner', async () => {
    sandbox.behaviours['01-first/verify.sh'] = passes;
    await engine.checkStep(session, 1);
    sandbox.behaviours['01-first/verify.sh'] = failsWith('undone');
    const before = sandbox.calls.length;
    expect(await engine.checkStep(session, 1)).toEqual({ passed: true, hint: null });
    const later = new ScriptedExec({ '01-first/verify.sh': failsWith('undone') });
    expect(await engine.checkStep(newSession(session.info.learnerId, later, 'sb'), 1)).toEqual({ passed: true, hint: null });
    expect(sandbox.calls.length).toBe(before);
    expect(later.calls).toEqual([]);
  });

  it('does not share passes between learners', async () => {
    sandbox.behaviours['01-first/verify.sh'] = passes;
    await engine.checkStep(session, 1);
    const other = new ScriptedExec({ '01-first/verify.sh': failsWith('yours to do') });
    expect(await engine.checkStep(newSession(learners.create().learner.id, other, 'sb'), 1)).toEqual({ passed: false, hint: 'yours to do' });
  });

  it('runs setup.sh once before the first check of a step that was never opened', async () => {
    await engine.checkStep(session, 2);
    await engine.checkStep(session, 2);
    expect(sandbox.calls.map((c) => c.name)).toEqual(['02-second/setup.sh', '02-second/verify.sh', '02-second/verify.sh']);
  });

  it('runs verify.sh with its time limit, and a timeout gives a clear hint and a warning in the log', async () => {
    sandbox.behaviours['01-first/verify.sh'] = () => ({ exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: 'partial' });
    expect(await engine.checkStep(session, 1)).toEqual({ passed: false, hint: expect.stringMatching(/^The check took too long \(over 5 s\)/) });
    expect(sandbox.calls[0]!.options.timeoutMs).toBe(5000);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, step: 1, timedOut: true, passed: false }));
  });

  it('runs one script at a time per session: a second check of the step joins the first, another step waits', async () => {
    const held = gate();
    sandbox.behaviours['01-first/verify.sh'] = async () => { await held.promise; return { exitCode: 1, stdout: 'slow\n' }; };
    const a = engine.checkStep(session, 1);
    const b = engine.checkStep(session, 1);
    const c = engine.checkStep(session, 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(sandbox.calls.map((x) => x.name)).toEqual(['01-first/verify.sh']);
    held.open();
    expect(await a).toEqual({ passed: false, hint: 'slow' });
    expect(await b).toEqual({ passed: false, hint: 'slow' });
    await c;
    expect(sandbox.callsOf('01-first/verify.sh')).toBe(1);
    expect(sandbox.maxRunning).toBe(1);
  });

  it('refuses more than a dozen waiting requests with a 429, but lets checks of a step already queued join', async () => {
    const held = gate();
    sandbox.behaviours['02-second/setup.sh'] = async () => { await held.promise; return { exitCode: 0 }; };
    const waiting = Array.from({ length: 11 }, () => engine.openStep(session, 2));
    const check = engine.checkStep(session, 2);
    const e = await appError(engine.openStep(session, 2));
    expect([e.status, e.code]).toEqual([429, 'too_busy']);
    expect(e.userMessage).toMatch(/already has 12 checks waiting/);
    const joined = engine.checkStep(session, 2);
    held.open();
    await Promise.all(waiting);
    expect(await joined).toEqual(await check);
    expect(sandbox.callsOf('02-second/verify.sh')).toBe(1);
    expect((await engine.openStep(session, 2)).setup).toBe('already');
  });

  it('refuses a step the lab does not have with a 404 naming the range', async () => {
    for (const index of [0, 3, 99]) {
      const e = await appError(engine.checkStep(session, index));
      expect([e.status, e.code]).toEqual([404, 'step_not_found']);
      expect(e.userMessage).toBe(`lab "demo" has 2 steps, numbered from 1 to 2; there is no step ${index}`);
    }
  });

  it('turns a sandbox that went away into a 503, not a 500', async () => {
    sandbox.behaviours['01-first/verify.sh'] = () => { throw new SandboxError('The sandbox is not running.', 'gone', 'exec_failed'); };
    const e = await appError(engine.checkStep(session, 1));
    expect([e.status, e.code, e.userMessage]).toEqual([503, 'sandbox_unavailable', 'The sandbox is not running.']);
  });
});

describe('openStep', () => {
  it('runs setup.sh the first time only', async () => {
    expect(await engine.openStep(session, 2)).toEqual({ index: 2, passed: false, setup: 'ran' });
    expect(await engine.openStep(session, 2)).toEqual({ index: 2, passed: false, setup: 'already' });
    expect(sandbox.callsOf('02-second/setup.sh')).toBe(1);
    expect(sandbox.calls[0]!.options.timeoutMs).toBe(15_000);
  });

  it('runs it once when opened twice at the same time', async () => {
    const results = await Promise.all([engine.openStep(session, 2), engine.openStep(session, 2)]);
    expect(results.map((r) => r.setup).sort()).toEqual(['already', 'ran']);
    expect(sandbox.callsOf('02-second/setup.sh')).toBe(1);
  });

  it('runs it again in a new session (a new sandbox)', async () => {
    await engine.openStep(session, 2);
    await engine.openStep(newSession(session.info.learnerId, sandbox, 'sb'), 2);
    expect(sandbox.callsOf('02-second/setup.sh')).toBe(2);
  });

  it('reports a failed setup.sh and tries again on the next open', async () => {
    sandbox.behaviours['02-second/setup.sh'] = failsWith('');
    expect((await engine.openStep(session, 2)).setup).toBe('failed');
    sandbox.behaviours['02-second/setup.sh'] = passes;
    expect((await engine.openStep(session, 2)).setup).toBe('ran');
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'setup.sh failed', step: 2 }));
  });

  it('says none for a step without setup.sh, and skips setup for a passed step', async () => {
    expect(await engine.openStep(session, 1)).toEqual({ index: 1, passed: false, setup: 'none' });
    progress.markStepPassed(session.info.learnerId, 'demo', '02-second');
    expect(await engine.openStep(session, 2)).toEqual({ index: 2, passed: true, setup: 'skipped' });
    expect(sandbox.calls).toEqual([]);
  });
});

describe('progress', () => {
  it('shows passed steps, the current one, and quiz attempts', async () => {
    expect(engine.progress(session)).toEqual({ lab: 'demo', steps: 2, passed: [], current: 1, quiz: { attempts: [], best: null } });
    sandbox.behaviours['01-first/verify.sh'] = passes;
    await engine.checkStep(session, 1);
    expect(engine.progress(session)).toMatchObject({ passed: [1], current: 2 });
    sandbox.behaviours['02-second/verify.sh'] = passes;
    await engine.checkStep(session, 2);
    sandbox.behaviours['live-question'] = prints('7\n');
    await engine.submitQuiz(session, { answers: { 'pick-one': 1 } });
    expect(engine.progress(session)).toMatchObject({
      passed: [1, 2],
      current: null,
      quiz: { attempts: [{ attempt: 1, score: 1, max: 2 }], best: { attempt: 1, results: [{ id: 'pick-one', correct: true }, { id: 'shell-pid', correct: false }] } },
    });
  });
});

describe('submitQuiz', () => {
  it('grades on the server, reading live answers from the sandbox when submitted, and records each attempt', async () => {
    sandbox.behaviours['live-question'] = prints('4242\n');
    const first = await engine.submitQuiz(session, { answers: { 'pick-one': 0, 'shell-pid': '4242' } });
    expect(first).toEqual({
      score: 1,
      max: 2,
      attempt: 1,
      results: [
        { id: 'pick-one', correct: false, given: 0, expected: 1, explanation: 'Because b.' },
        { id: 'shell-pid', correct: true, given: '4242', expected: '4242', explanation: 'echo $$ prints it.' },
      ],
    });
    expect(sandbox.calls.find((c) => c.name === 'live-question')).toMatchObject({ text: 'echo $$', options: { timeoutMs: 5000 } });
    sandbox.behaviours['live-question'] = prints('99');
    const second = await engine.submitQuiz(session, { answers: { 'pick-one': 1, 'shell-pid': 4242 } });
    expect(second).toMatchObject({ score: 1, attempt: 2, results: [{ correct: true }, { correct: false, expected: '99' }] });
    expect(progress.quizAttempts(session.info.learnerId, 'demo').map((a) => a.score)).toEqual([1, 1]);
  });

  it('refuses a malformed submission with a 400 naming the question, recording nothing', async () => {
    const e = await appError(engine.submitQuiz(session, { answers: { 'pick-one': 'b' } }));
    expect([e.status, e.code]).toEqual([400, 'bad_request']);
    expect(e.userMessage).toMatch(/^question "pick-one" \(single choice\)/);
    expect(sandbox.calls).toEqual([]);
    expect(progress.quizAttempts(session.info.learnerId, 'demo')).toEqual([]);
  });
});

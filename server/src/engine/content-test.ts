/**
 * A lab's content test: content is tested like code (DESIGN.md, "Labs are
 * data"). In one fresh sandbox, for each step in order: run setup.sh if any,
 * verify.sh must fail (with a hint), run solve.sh, verify.sh must pass. Then
 * every live question's command must find an answer, and every question's own
 * answer must grade as right. A check that cannot fail is a bug.
 *
 * Used by `npm run lab -- check` and by tests/content; the caller provides
 * the sandbox (with the learner's shell running in it on a terminal, as in a
 * real session, since live questions may look for it).
 */
import type { QuizAnswer } from '../../../common/src/guide-api.js';
import type { Lab, LabStep } from '../labs/lab.js';
import { EngineLimits } from './engine-limits.js';
import { hintOf, readLiveAnswer, runScript, ScriptFiles, type ExecTarget, type ScriptRun } from './lab-scripts.js';
import { gradeQuiz } from './quiz-grader.js';

/** verify.sh is polled every few seconds; slower than this and authors should hear about it. */
const SLOW_VERIFY_MS = 1_000;

export interface ContentReport {
  lab: string;
  ok: boolean;
  /** Each one fails the test; they name the step or question and the file. */
  problems: string[];
  /** Worth fixing, but not failures (a slow verify.sh). */
  warnings: string[];
}

export interface ContentTestOptions {
  scripts?: ScriptFiles;
  /** Told of each stage as it finishes, for a CLI to show progress. */
  onLine?: (line: string) => void;
}

export async function runContentTest(lab: Lab, sandbox: ExecTarget, options: ContentTestOptions = {}): Promise<ContentReport> {
  const scripts = options.scripts ?? new ScriptFiles();
  const say = options.onLine ?? (() => {});
  const report: ContentReport = { lab: lab.id, ok: true, problems: [], warnings: [] };
  const problem = (message: string) => {
    report.ok = false;
    report.problems.push(message);
    say(`  ✗ ${message}`);
  };

  for (const step of lab.steps) {
    const where = `step ${step.index} (steps/${step.dir})`;
    const passed = await testStep(step, where);
    if (!passed) {
      const left = lab.steps.length - step.index;
      if (left > 0) say(`  … ${left} later step${left === 1 ? '' : 's'} not run: each builds on the ones before`);
      return report;
    }
  }
  await testQuiz();
  return report;

  async function run(file: string, timeoutMs: number, host?: string): Promise<ScriptRun> {
    return runScript(sandbox, await scripts.read(file), timeoutMs, host);
  }

  async function testStep(step: LabStep, where: string): Promise<boolean> {
    if (step.setupScript) {
      const setup = await run(step.setupScript, EngineLimits.SETUP_TIMEOUT_MS);
      if (!setup.ok) {
        problem(`${where}: setup.sh ${failure(setup, EngineLimits.SETUP_TIMEOUT_MS)}`);
        return false;
      }
    }
    const before = await run(step.verifyScript, EngineLimits.VERIFY_TIMEOUT_MS, step.host);
    noteSlow(where, before);
    if (before.ok) {
      problem(`${where}: verify.sh passes before solve.sh has run, so it would pass a learner who did nothing. `
        + 'Make it check what the step asks for; if the step starts from state an earlier step may not have left, create that state in setup.sh.');
      return false;
    }
    if (before.timedOut) {
      problem(`${where}: verify.sh ${failure(before, EngineLimits.VERIFY_TIMEOUT_MS)}`);
      return false;
    }
    const hint = hintOf(before, EngineLimits.VERIFY_TIMEOUT_MS);
    if (hint === null) {
      problem(`${where}: verify.sh fails as it should, but prints no hint: the first line of its stdout is what the learner is told to do next`);
      return false;
    }
    const solve = await run(step.solveScript, EngineLimits.SOLVE_TIMEOUT_MS);
    if (!solve.ok) {
      problem(`${where}: solve.sh ${failure(solve, EngineLimits.SOLVE_TIMEOUT_MS)}`);
      return false;
    }
    const after = await run(step.verifyScript, EngineLimits.VERIFY_TIMEOUT_MS, step.host);
    noteSlow(where, after);
    if (!after.ok) {
      const said = hintOf(after, EngineLimits.VERIFY_TIMEOUT_MS);
      problem(`${where}: verify.sh still fails after solve.sh ran${said ? `, saying: ${said}` : ` (${failure(after, EngineLimits.VERIFY_TIMEOUT_MS)})`}`);
      return false;
    }
    say(`  ✓ ${where}: fails with "${hint}", passes after solve.sh`);
    return true;
  }

  async function testQuiz() {
    const live = new Map<string, string | null>();
    const answers = new Map<string, QuizAnswer>();
    for (const q of lab.quiz) {
      if (q.type === 'live') {
        const answer = await readLiveAnswer(sandbox, q.command, q.host);
        live.set(q.id, answer);
        if (answer === null) {
          problem(`quiz question "${q.id}": its command found no answer (it failed or printed nothing) after every step's solve.sh ran`);
        } else {
          answers.set(q.id, answer);
          say(`  ✓ quiz question "${q.id}": the sandbox answers "${answer}"`);
        }
      } else {
        answers.set(q.id, q.answer);
      }
    }
    const grade = gradeQuiz(lab.quiz, answers, live);
    for (const r of grade.results) {
      if (!r.correct && answers.has(r.id)) problem(`quiz question "${r.id}": its own answer is graded wrong`);
    }
    if (report.ok) say(`  ✓ quiz: ${lab.quiz.length} question${lab.quiz.length === 1 ? '' : 's'}, each right answer graded right`);
  }

  function noteSlow(where: string, r: ScriptRun) {
    if (!r.timedOut && r.durationMs > SLOW_VERIFY_MS && !report.warnings.some((w) => w.startsWith(where))) {
      const message = `${where}: verify.sh took ${Math.round(r.durationMs)} ms; it is polled every few seconds, so keep it under ${SLOW_VERIFY_MS} ms (read /proc, avoid sleep and compiling)`;
      report.warnings.push(message);
      say(`  ! ${message}`);
    }
  }
}

/** Why a script counts as failed, for an author: the exit status or time limit, and what it said on stderr. */
function failure(r: ScriptRun, timeoutMs: number): string {
  if (r.timedOut) {
    return `took longer than ${timeoutMs / 1000} s and was stopped (a background process that keeps stdout open does this: detach it with </dev/null >/dev/null 2>&1)`;
  }
  const err = r.stderr.trim().split('\n').slice(-3).join(' / ');
  return `exited with ${r.exitCode ?? 'a signal'}${err ? `: ${err}` : ''}`;
}

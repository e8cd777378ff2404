/**
 * The lab engine: opens and checks a session's steps in its sandbox, keeps
 * the learner's progress, and grades the quiz. The HTTP routes are thin
 * wrappers around these four operations.
 *
 * A passed step stays passed: once the store has it, checks answer from the
 * store without running verify.sh again, and setup.sh is not run for it.
 */
import type { Logger } from 'pino';
import type { LabProgress, QuizGraded, SetupOutcome, StepCheck, StepOpened } from '../../../common/src/guide-api.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { Lab, LabStep } from '../labs/lab.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import { SandboxError, type ExecOptions, type ExecResult } from '../sandbox/driver.js';
import type { ProgressStore } from '../store/progress-store.js';
import { EngineLimits } from './engine-limits.js';
import { hintOf, readLiveAnswer, runScript, ScriptFiles } from './lab-scripts.js';
import { progressView } from './progress-view.js';
import { parseQuizSubmission } from './quiz-answers.js';
import { gradeQuiz } from './quiz-grader.js';
import { SessionGuide } from './session-guide.js';

/** What the engine needs of a session (a Session has all of it). */
export interface GuideSession {
  readonly id: string;
  readonly info: { readonly lab: string; readonly learnerId: string };
  exec(argv: string[], options: ExecOptions): Promise<ExecResult>;
}

export interface LabEngineDeps {
  catalog: LabCatalog;
  progress: ProgressStore;
  log: Logger;
  scripts?: ScriptFiles;
  /** Told every verify.sh result and sandbox failure (the metrics; ops/server-metrics.ts). */
  events?: EngineEvents;
}

export interface EngineEvents {
  stepChecked(lab: string, result: 'pass' | 'fail' | 'timeout'): void;
  failed(reason: SandboxError['reason']): void;
}

/** A step's check as its session sees it (workshops count a learner's failed checks). */
export interface StepChecked {
  session: GuideSession;
  index: number;
  passed: boolean;
  /** The learner asked for it (the Check button), rather than the page polling. */
  manual: boolean;
}

export class LabEngine {
  /** Keyed by the session object, so a guide goes when its session is dropped. */
  private readonly guides = new WeakMap<GuideSession, SessionGuide>();
  private readonly scripts: ScriptFiles;
  private readonly checkListeners = new Set<(check: StepChecked) => void>();

  constructor(private readonly deps: LabEngineDeps) {
    this.scripts = deps.scripts ?? new ScriptFiles();
  }

  /** Run the step's setup.sh unless it already ran in this session or the learner has passed the step. */
  async openStep(session: GuideSession, index: number): Promise<StepOpened> {
    const { lab, step } = this.step(session, index);
    if (this.isPassed(session, lab, step)) return { index, passed: true, setup: step.setupScript ? 'skipped' : 'none' };
    const guide = this.guide(session);
    this.refuseIfBusy(guide);
    const setup = await guide.serial(() => this.setUp(session, lab, step));
    return { index, passed: false, setup };
  }

  /**
   * Run verify.sh (after setup.sh, if the step was never opened); record a
   * pass. `manual`: the learner asked (told to onStepChecked listeners).
   */
  async checkStep(session: GuideSession, index: number, manual = false): Promise<StepCheck> {
    const { lab, step } = this.step(session, index);
    if (this.isPassed(session, lab, step)) return { passed: true, hint: null };
    const guide = this.guide(session);
    // Joining a check already waiting adds nothing to the queue.
    if (!guide.isChecking(index)) this.refuseIfBusy(guide);
    const result = await guide.joinCheck(index, async () => {
      // A check can reach a step the browser never opened (a script, a reload):
      // without its setup, verify.sh could pass on state the learner never saw.
      await this.setUp(session, lab, step);
      return this.verify(session, lab, step);
    });
    for (const fn of this.checkListeners) fn({ session, index, passed: result.passed, manual });
    return result;
  }

  /** `fn` hears every check's result, with whether the learner asked for it. Returns the unsubscribe. */
  onStepChecked(fn: (check: StepChecked) => void): () => void {
    this.checkListeners.add(fn);
    return () => this.checkListeners.delete(fn);
  }

  progress(session: GuideSession): LabProgress {
    const lab = this.lab(session);
    const { learnerId } = session.info;
    return progressView(lab, this.deps.progress.passedSteps(learnerId, lab.id), this.deps.progress.quizAttempts(learnerId, lab.id));
  }

  /** Grade a submission (live questions read from the sandbox now) and record the attempt. */
  async submitQuiz(session: GuideSession, body: unknown): Promise<QuizGraded> {
    const lab = this.lab(session);
    const parsed = parseQuizSubmission(lab.quiz, body);
    if (!parsed.ok) throw badRequest(parsed.message);
    const guide = this.guide(session);
    this.refuseIfBusy(guide);
    const live = await guide.serial(async () => {
      const answers = new Map<string, string | null>();
      for (const q of lab.quiz) {
        if (q.type === 'live') answers.set(q.id, await this.inSandbox(() => readLiveAnswer(session, q.command, q.host)));
      }
      return answers;
    });
    const grade = gradeQuiz(lab.quiz, parsed.answers, live);
    const { learnerId } = session.info;
    this.deps.progress.recordQuizAttempt({
      learnerId,
      labId: lab.id,
      score: grade.score,
      max: grade.max,
      results: grade.results.map((r) => ({ question: r.id, correct: r.correct, given: r.given })),
    });
    const attempt = this.deps.progress.quizAttempts(learnerId, lab.id).length;
    this.deps.log.info({ session: session.id, lab: lab.id, score: grade.score, max: grade.max, attempt }, 'quiz graded');
    return { ...grade, attempt };
  }

  private async setUp(session: GuideSession, lab: Lab, step: LabStep): Promise<SetupOutcome> {
    if (!step.setupScript) return 'none';
    const guide = this.guide(session);
    if (guide.hasSetUp(step.index)) return 'already';
    const script = await this.scripts.read(step.setupScript);
    const run = await this.inSandbox(() => runScript(session, script, EngineLimits.SETUP_TIMEOUT_MS));
    const fields = { session: session.id, lab: lab.id, step: step.index, dir: step.dir, durationMs: Math.round(run.durationMs) };
    if (!run.ok) {
      this.deps.log.warn({ ...fields, exitCode: run.exitCode, timedOut: run.timedOut, stderr: run.stderr.slice(0, 500) }, 'setup.sh failed');
      return 'failed';
    }
    guide.markSetUp(step.index);
    this.deps.log.info(fields, 'setup.sh ran');
    return 'ran';
  }

  private async verify(session: GuideSession, lab: Lab, step: LabStep): Promise<StepCheck> {
    const script = await this.scripts.read(step.verifyScript);
    const run = await this.inSandbox(() => runScript(session, script, EngineLimits.VERIFY_TIMEOUT_MS, step.host));
    const fields = {
      session: session.id, lab: lab.id, step: step.index, dir: step.dir, passed: run.ok, durationMs: Math.round(run.durationMs),
    };
    this.deps.events?.stepChecked(lab.id, run.ok ? 'pass' : run.timedOut ? 'timeout' : 'fail');
    if (run.ok) {
      this.deps.progress.markStepPassed(session.info.learnerId, lab.id, step.dir);
      this.deps.log.info(fields, 'step checked');
      return { passed: true, hint: null };
    }
    if (run.timedOut) this.deps.log.warn({ ...fields, timedOut: true }, 'step checked: verify.sh timed out');
    // Failing checks are the common case (polled every few seconds): debug, not info.
    else this.deps.log.debug({ ...fields, exitCode: run.exitCode }, 'step checked');
    return { passed: false, hint: hintOf(run, EngineLimits.VERIFY_TIMEOUT_MS) };
  }

  /** A sandbox that went away mid-run is the learner's to know about, not a server bug. */
  private async inSandbox<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof SandboxError)) throw err;
      this.deps.events?.failed(err.reason);
      throw new AppError(503, 'sandbox_unavailable', err.userMessage, err.detail);
    }
  }

  private isPassed(session: GuideSession, lab: Lab, step: LabStep): boolean {
    return this.deps.progress.passedSteps(session.info.learnerId, lab.id).some((p) => p.step === step.dir);
  }

  private lab(session: GuideSession): Lab {
    const lab = this.deps.catalog.get(session.info.lab);
    // The catalog is loaded once and sessions are only made for labs in it.
    if (!lab) throw new Error(`session ${session.id} is for lab "${session.info.lab}", which is not in the catalog`);
    return lab;
  }

  private step(session: GuideSession, index: number): { lab: Lab; step: LabStep } {
    const lab = this.lab(session);
    const step = lab.steps[index - 1];
    if (!Number.isInteger(index) || !step) {
      throw notFound('step_not_found', `lab "${lab.id}" has ${lab.steps.length} steps, numbered from 1 to ${lab.steps.length}; there is no step ${index}`);
    }
    return { lab, step };
  }

  /** A 429 when the session's queue is full, so a runaway client cannot make it grow without bound. */
  private refuseIfBusy(guide: SessionGuide): void {
    if (guide.pending >= EngineLimits.MAX_QUEUED_PER_SESSION) {
      throw new AppError(429, 'too_busy',
        `This session already has ${guide.pending} checks waiting to run in its sandbox; wait for them to finish before asking for more.`);
    }
  }

  private guide(session: GuideSession): SessionGuide {
    let guide = this.guides.get(session);
    if (!guide) {
      guide = new SessionGuide();
      this.guides.set(session, guide);
    }
    return guide;
  }
}

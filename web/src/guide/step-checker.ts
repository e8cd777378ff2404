/**
 * Runs a step's check, by request (the Check button) or in the background
 * every few seconds while the step is open and not passed. Never two at once:
 * a request while a check runs joins it, so a learner clicking Check during a
 * background poll sees that poll's answer, and the sandbox runs verify.sh once.
 */
import type { StepCheck } from '../../../common/src/guide-api.js';
import type { Disposable } from '../disposable-store.js';

/**
 * verify.sh is meant to be cheap (docs/authoring.md); every 3 s ticks a step
 * within a breath of the learner finishing it without keeping a sandbox busy.
 */
export const CHECK_POLL_INTERVAL_MS = 3000;

export type CheckEvent =
  /** `manual`: the learner asked (show progress and the hint), or it is a background poll. */
  | { kind: 'checking'; index: number; manual: boolean }
  | { kind: 'result'; index: number; manual: boolean; result: StepCheck }
  | { kind: 'error'; index: number; manual: boolean; message: string };

export interface StepCheckerDeps {
  /** `manual`: the learner asked (the server counts failed ones for the instructor's dashboard). */
  check(index: number, manual: boolean): Promise<StepCheck>;
  /** Whether a background poll may run now (tab visible, terminal connected). */
  canPoll(): boolean;
  onEvent(event: CheckEvent): void;
}

interface Running {
  index: number;
  manual: boolean;
  done: Promise<void>;
}

export class StepChecker implements Disposable {
  private watched: number | null = null;
  private running: Running | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly deps: StepCheckerDeps) {
    this.schedule();
  }

  /** The step to poll in the background, or null for none (passed, quiz, no session). */
  watch(index: number | null): void {
    this.watched = index;
  }

  /** A check the learner asked for; resolves when its result has been reported. */
  async checkNow(index: number): Promise<void> {
    // Wait out a check of another step (after navigating), then run ours.
    while (this.running && this.running.index !== index) await this.running.done;
    if (this.running) {
      if (!this.running.manual) {
        this.running.manual = true;
        this.deps.onEvent({ kind: 'checking', index, manual: true });
        // Tell the server the learner asked (it counts failed ones for a
        // workshop's dashboard); it joins the check already running, so the
        // sandbox does no extra work. The running check reports the result.
        this.deps.check(index, true).catch(() => undefined);
      }
      return this.running.done;
    }
    await this.run(index, true);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private run(index: number, manual: boolean): Promise<void> {
    const running: Running = { index, manual, done: Promise.resolve() };
    this.deps.onEvent({ kind: 'checking', index, manual });
    running.done = this.deps.check(index, manual).then(
      (result) => this.report({ kind: 'result', index, manual: running.manual, result }),
      (error: unknown) => this.report({ kind: 'error', index, manual: running.manual, message: error instanceof Error ? error.message : String(error) }),
    ).finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running.done;
  }

  private report(event: CheckEvent): void {
    if (!this.disposed) this.deps.onEvent(event);
  }

  /** Next poll one interval after the last check ended, so polls never pile up behind a slow verify.sh. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.poll(), CHECK_POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    const index = this.watched;
    if (index !== null && !this.running && this.deps.canPoll()) await this.run(index, false);
    this.schedule();
  }
}

/**
 * One session's guide state. The browser polls the open step's check every
 * few seconds, and a slow verify.sh must not pile up copies of itself in the
 * learner's sandbox: every script this session runs (setup, verify, live
 * questions) goes through one queue, so at most one runs at a time, and a
 * check asked for while the same step's check is queued or running joins it
 * instead of queueing another.
 */
import type { StepCheck } from '../../../common/src/guide-api.js';

export class SessionGuide {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly checks = new Map<number, Promise<StepCheck>>();
  /** Steps whose setup.sh has run successfully in this session. */
  private readonly setUp = new Set<number>();

  /** Run `task` after everything queued before it has finished (whether it succeeded or not). */
  serial<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    const run = this.tail.then(task, task).finally(() => { this.queued--; });
    this.tail = run.catch(() => {});
    return run;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queued;
  }

  /** Whether a check of this step is queued or running (a new one would join it). */
  isChecking(index: number): boolean {
    return this.checks.has(index);
  }

  /** The queued or running check of this step if there is one; otherwise queue `check`. */
  joinCheck(index: number, check: () => Promise<StepCheck>): Promise<StepCheck> {
    const running = this.checks.get(index);
    if (running) return running;
    const started = this.serial(check).finally(() => this.checks.delete(index));
    this.checks.set(index, started);
    return started;
  }

  /** Only call from inside serial(), so two opens cannot both see "not yet". */
  hasSetUp(index: number): boolean {
    return this.setUp.has(index);
  }

  markSetUp(index: number): void {
    this.setUp.add(index);
  }
}

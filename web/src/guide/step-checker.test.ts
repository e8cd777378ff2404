import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StepCheck } from '../../../common/src/guide-api.js';
import type { CheckEvent } from './step-checker.js';
import { CHECK_POLL_INTERVAL_MS, StepChecker } from './step-checker.js';

describe('StepChecker', () => {
  let events: CheckEvent[];
  let pending: Array<{ index: number; manual: boolean; resolve(result: StepCheck): void }>;
  let pollable: boolean;
  let checker: StepChecker;

  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    pending = [];
    pollable = true;
    checker = new StepChecker({
      check: (index, manual) => new Promise((resolve) => pending.push({ index, manual, resolve })),
      canPoll: () => pollable,
      onEvent: (event) => events.push(event),
    });
  });

  afterEach(() => {
    checker.dispose();
    vi.useRealTimers();
  });

  it('polls the watched step only while allowed, one check at a time', async () => {
    checker.watch(2);
    pollable = false;
    await vi.advanceTimersByTimeAsync(CHECK_POLL_INTERVAL_MS);
    expect(pending).toHaveLength(0);
    pollable = true;
    await vi.advanceTimersByTimeAsync(CHECK_POLL_INTERVAL_MS);
    expect(pending.map((p) => p.index)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(3 * CHECK_POLL_INTERVAL_MS);
    expect(pending).toHaveLength(1);
    pending[0]!.resolve({ passed: false, hint: 'not yet' });
    await vi.advanceTimersByTimeAsync(0);
    expect(events.at(-1)).toEqual({ kind: 'result', index: 2, manual: false, result: { passed: false, hint: 'not yet' } });
  });

  it('joins a running background check when the learner clicks Check, tells the server they asked, and reports it as theirs', async () => {
    checker.watch(1);
    await vi.advanceTimersByTimeAsync(CHECK_POLL_INTERVAL_MS);
    const clicked = checker.checkNow(1);
    expect(events.at(-1)).toEqual({ kind: 'checking', index: 1, manual: true });
    // The server joins the second request to the running check; its answer is the same.
    expect(pending.map((p) => [p.index, p.manual])).toEqual([[1, false], [1, true]]);
    pending[0]!.resolve({ passed: true, hint: null });
    await clicked;
    expect(pending).toHaveLength(2);
    expect(events.at(-1)).toEqual({ kind: 'result', index: 1, manual: true, result: { passed: true, hint: null } });
  });

  it('does not poll when nothing is watched', async () => {
    checker.watch(null);
    await vi.advanceTimersByTimeAsync(5 * CHECK_POLL_INTERVAL_MS);
    expect(pending).toHaveLength(0);
  });

  it('reports a failed request as an error event', async () => {
    const failing = new StepChecker({
      check: () => Promise.reject(new Error('sandbox gone')),
      canPoll: () => true,
      onEvent: (event) => events.push(event),
    });
    await failing.checkNow(3);
    failing.dispose();
    expect(events.at(-1)).toEqual({ kind: 'error', index: 3, manual: true, message: 'sandbox gone' });
  });
});

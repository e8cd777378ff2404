import { describe, expect, it } from 'vitest';
import { timeOnStep } from './time-on-step.js';

describe('timeOnStep', () => {
  const now = Date.parse('2026-11-21T10:00:00.000Z');
  it('says minutes, then hours and minutes', () => {
    expect(timeOnStep('2026-11-21T09:59:30.000Z', now)).toBe('under a minute');
    expect(timeOnStep('2026-11-21T09:53:00.000Z', now)).toBe('7 min');
    expect(timeOnStep('2026-11-21T08:55:00.000Z', now)).toBe('1 h 05 min');
  });

  it('is nothing without a step, and never negative', () => {
    expect(timeOnStep(null, now)).toBeNull();
    expect(timeOnStep('2026-11-21T10:05:00.000Z', now)).toBe('under a minute');
  });
});

import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { TokenBuckets } from '../http/session-rate-limit.js';
import { JOIN_RATE, limitJoins } from './join-rate-limit.js';

describe('limitJoins', () => {
  it('lets a roomful join from one address at once, then refuses with 429 and Retry-After', () => {
    let now = 0;
    const limit = limitJoins(new TokenBuckets(JOIN_RATE, () => now));
    const headers: Record<string, string> = {};
    const res = { set: (k: string, v: string) => { headers[k] = v; } } as unknown as Response;
    const attempt = (ip: string) => {
      let outcome: unknown = 'none';
      limit({ ip } as Request, res, (err?: unknown) => { outcome = err ?? 'ok'; });
      return outcome;
    };
    for (let i = 0; i < JOIN_RATE.burst; i++) expect(attempt('10.0.0.1')).toBe('ok');
    const refused = attempt('10.0.0.1');
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: 'too_many_joins' });
    expect(Number(headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected; time refills the first.
    expect(attempt('10.0.0.2')).toBe('ok');
    now += 60_000;
    expect(attempt('10.0.0.1')).toBe('ok');
  });
});

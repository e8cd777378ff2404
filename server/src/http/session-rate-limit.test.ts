import { describe, expect, it } from 'vitest';
import { clientAddressKey, TokenBuckets } from './session-rate-limit.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('TokenBuckets', () => {
  it('lets a burst through, then refuses with the wait until the next token', () => {
    const c = clock();
    const buckets = new TokenBuckets({ burst: 3, perMinute: 6 }, c.now);
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
    c.advance(4_000);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 6_000 });
    c.advance(6_000);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('keeps each client apart', () => {
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1 }, clock().now);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
    expect(buckets.take('b').ok).toBe(true);
  });

  it('refills no further than the burst', () => {
    const c = clock();
    const buckets = new TokenBuckets({ burst: 2, perMinute: 60 }, c.now);
    buckets.take('a');
    c.advance(3_600_000);
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, false]);
  });

  it('stays bounded when clients keep changing address, forgetting refilled buckets first', () => {
    const c = clock();
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1 }, c.now);
    buckets.take('patient');
    c.advance(60_000); // 'patient' has refilled: the same as no bucket.
    for (let i = 0; i < 25_000; i++) buckets.take(`rotating-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(10_000);
    // The newest clients are still limited.
    expect(buckets.take('rotating-24999').ok).toBe(false);
  });
});

describe('clientAddressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:0:0:0:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(clientAddressKey(ip)).toBe(key);
  });
});

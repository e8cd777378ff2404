/**
 * The warm pool under injected faults (the fake driver): a warm sandbox whose
 * shell died is never handed out, a pool that cannot start sandboxes backs
 * off instead of looping, and a burst at the cap never holds more sandboxes
 * than MAX_SESSIONS, warm ones included. The real driver's behaviour is in
 * tests/sessions/warm-pool.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FakeDriver } from '../../server/src/sandbox/drivers/fake/fake-driver.js';
import type { SandboxSpec } from '../../server/src/sandbox/driver.js';
import { AppError } from '../../server/src/errors.js';
import { fakeSessions, REQUEST, until, type ManagerOptions } from './fake-sessions.js';

const LABS = ['a', 'b'].map((lab) => ({ lab, filesDir: null }));

/** A manager with a pool, and what the pool reported. */
function pooled(faults: Parameters<typeof fakeSessions>[0], overrides: Partial<ManagerOptions> = {}) {
  const seen = { pool: [] as string[], discarded: [] as string[], attempts: 0, peak: 0, ids: [] as string[] };
  const setup = fakeSessions(faults, {
    warmPerLab: 1,
    warmLabs: 8,
    events: {
      sessionStarted() {}, sessionEnded() {}, failed() {},
      warmPool: (r) => seen.pool.push(r),
      warmDiscarded: (r) => seen.discarded.push(r),
    },
    ...overrides,
  });
  countAttempts(setup.driver, seen);
  return { ...setup, seen };
}

/** Counts every create() (failed ones too) and the most sandboxes alive at once. */
function countAttempts(driver: FakeDriver, seen: { attempts: number; peak: number; ids: string[] }) {
  const create = driver.create.bind(driver);
  driver.create = async (spec: SandboxSpec) => {
    seen.attempts++;
    seen.ids.push(spec.id);
    const sandbox = await create(spec);
    seen.peak = Math.max(seen.peak, driver.live.size);
    return sandbox;
  };
}

describe('warm pool under faults', () => {
  it('a warm sandbox whose shell died is dropped, not handed out; the next session gets a live one', async () => {
    const { driver, manager, seen } = pooled({ dieAfterMs: 30 });
    manager.startWarming(LABS);
    await until(() => seen.discarded.filter((r) => r === 'died').length >= 2);
    const dead = new Set(seen.ids);
    expect(dead.size).toBe(2);
    expect(driver.live.size).toBe(0);
    // Both labs' warm shells died and back off (1 s): nothing warm now.
    expect(manager.warmByLab()).toEqual(new Map([['a', 0], ['b', 0]]));
    driver.faults = {};
    const { session } = await manager.create({ ...REQUEST, lab: 'a' });
    expect(seen.pool).toEqual(['miss']);
    expect(dead.has(session.id)).toBe(false);
    expect(session.isEnded).toBe(false);
    // Once the back-off is over the pool refills with sandboxes that live.
    await until(() => manager.warmByLab().get('a') === 1 && manager.warmByLab().get('b') === 1, 4000);
    const warm = new Set([...driver.live].map((s) => s.id).filter((id) => id !== session.id));
    const second = await manager.create({ ...REQUEST, lab: 'b' });
    expect(seen.pool).toEqual(['miss', 'hit']);
    expect(second.session.isEnded).toBe(false);
    // The session is the warm sandbox itself, under the sandbox's id.
    expect(warm.has(second.session.id)).toBe(true);
  });

  it('a pool whose sandboxes fail to start retries later and later (not a loop), and recovers', async () => {
    const { driver, manager, seen } = pooled({ createFails: true });
    manager.startWarming([LABS[0]!]);
    await new Promise((r) => setTimeout(r, 3200));
    // Tries at 0, ~1 s and ~3 s (1 s, then 2 s back-off): a loop would be thousands.
    expect(seen.attempts).toBeGreaterThanOrEqual(2);
    expect(seen.attempts).toBeLessThanOrEqual(4);
    expect(seen.discarded.every((r) => r === 'failed')).toBe(true);
    // A learner meanwhile still gets a clear error, not a crash.
    const err = await manager.create({ ...REQUEST, lab: 'a' }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(503);
    driver.faults = {};
    await until(() => manager.warmByLab().get('a') === 1, 6000);
  });

  it('a burst at the cap: warm sandboxes give way, never more sandboxes than MAX_SESSIONS, every refusal a clear 429', async () => {
    const max = 4;
    const { driver, manager, seen } = pooled({ startDelayMs: 40 }, { maxSessions: max, warmPerLab: 2 });
    manager.startWarming(LABS);
    await until(() => manager.warmByLab().get('a') === 2 && manager.warmByLab().get('b') === 2);
    expect(driver.live.size).toBe(max);
    // The cap is filled by warm sandboxes: a lab without one still gets a session.
    const other = await manager.create({ ...REQUEST, lab: 'c' });
    expect(seen.discarded).toEqual(['evicted']);
    expect(driver.live.size).toBeLessThanOrEqual(max);
    const replies = await Promise.all(['a', 'c', 'b', 'c', 'a', 'd', 'b', 'c'].map((lab, i) =>
      manager.create({ ...REQUEST, lab, clientKey: `client-${i}` }).then(() => 201, (e: unknown) => (e as AppError).status)));
    expect(replies.filter((s) => s === 201)).toHaveLength(max - 1);
    expect(replies.filter((s) => s === 429)).toHaveLength(replies.length - (max - 1));
    expect(seen.peak).toBeLessThanOrEqual(max);
    expect(driver.live.size).toBe(max);
    expect(manager.sandboxCount).toBe(max);
    expect(manager.count).toBe(max);
    // Sessions end: the pool takes their places back, up to the cap and no further.
    await Promise.all(manager.list().map((s) => s.end('destroyed')));
    await other.session.end('destroyed');
    const warmTotal = () => [...manager.warmByLab().values()].reduce((a, b) => a + b, 0);
    await until(() => warmTotal() === max);
    expect(driver.live.size).toBe(max);
    expect(seen.peak).toBeLessThanOrEqual(max);
  });

  it('shutdown destroys warm sandboxes, ready and still starting', async () => {
    const { driver, manager } = pooled({ startDelayMs: 300 }, { warmPerLab: 2 });
    manager.startWarming(LABS);
    await until(() => driver.live.size === 4);
    await manager.shutdown();
    expect(driver.live.size).toBe(0);
    expect(manager.sandboxCount).toBe(0);
  });

  it('SYSLAB_WARM_SANDBOXES=0: no sandbox before a session, none counted as a miss', async () => {
    const { driver, manager, seen } = pooled({}, { warmPerLab: 0 });
    manager.startWarming(LABS);
    await new Promise((r) => setTimeout(r, 100));
    expect(driver.live.size).toBe(0);
    await manager.create({ ...REQUEST, lab: 'a' });
    expect(driver.live.size).toBe(1);
    expect(seen.pool).toEqual([]);
  });
});

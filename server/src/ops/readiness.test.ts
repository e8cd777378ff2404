import { describe, expect, it } from 'vitest';
import { DRIVER_CHECK_CACHE_MS, Readiness } from './readiness.js';

describe('Readiness', () => {
  it('is ready when the driver and the store are, and not once draining', async () => {
    const r = new Readiness({ checkDriver: async () => null, writeStore: () => {} });
    expect(await r.report()).toEqual({ ready: true, checks: { accepting: { ok: true }, driver: { ok: true }, store: { ok: true } } });
    r.markDraining();
    const report = await r.report();
    expect(report.ready).toBe(false);
    expect(report.checks.accepting).toEqual({ ok: false, problem: 'the server is shutting down' });
  });

  it('names what is wrong with the driver and the store', async () => {
    const r = new Readiness({
      checkDriver: async () => 'bubblewrap is not installed: apt-get install bubblewrap',
      writeStore: () => { throw new Error('SQLITE_FULL: database or disk is full'); },
    });
    const report = await r.report();
    expect(report.ready).toBe(false);
    expect(report.checks.driver.problem).toContain('apt-get install bubblewrap');
    expect(report.checks.store.problem).toBe('the database cannot be written: SQLITE_FULL: database or disk is full');
  });

  it('reuses a driver answer for a few seconds, then asks again; the store is written every time', async () => {
    let now = 0;
    let checks = 0;
    let writes = 0;
    const r = new Readiness({ checkDriver: async () => { checks++; return null; }, writeStore: () => { writes++; }, now: () => now });
    await r.report();
    now += DRIVER_CHECK_CACHE_MS - 1;
    await r.report();
    expect([checks, writes]).toEqual([1, 2]);
    now += 2;
    await r.report();
    expect([checks, writes]).toEqual([2, 3]);
  });

  it('a driver check that never answers is a failure after its timeout, not a hung probe', async () => {
    const r = new Readiness({ checkDriver: () => new Promise(() => {}), writeStore: () => {}, checkTimeoutMs: 50 });
    const started = Date.now();
    const report = await r.report();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(report.ready).toBe(false);
    expect(report.checks.driver.problem).toBe("the sandbox driver's check did not answer within 50 ms");
  });

  it('a driver check that throws is a failure naming the error', async () => {
    const r = new Readiness({ checkDriver: () => Promise.reject(new Error('EACCES /var/run/docker.sock')), writeStore: () => {} });
    expect((await r.report()).checks.driver.problem).toBe("the sandbox driver's check failed: Error: EACCES /var/run/docker.sock");
  });
});

import { describe, expect, it } from 'vitest';
import { gate } from './scripted-exec-fixture.js';
import { SessionGuide } from './session-guide.js';

describe('SessionGuide', () => {
  it('runs queued tasks one at a time, in order, going on after a failure', async () => {
    const guide = new SessionGuide();
    const order: string[] = [];
    const first = gate();
    const a = guide.serial(async () => { order.push('a start'); await first.promise; order.push('a end'); return 'a'; });
    const b = guide.serial(async () => { order.push('b'); throw new Error('b failed'); });
    const c = guide.serial(async () => { order.push('c'); return 'c'; });
    await Promise.resolve();
    expect(order).toEqual(['a start']);
    first.open();
    expect(await a).toBe('a');
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe('c');
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
  });

  it('joins a check of the same step that is queued or running, and forgets it once done', async () => {
    const guide = new SessionGuide();
    const held = gate();
    let runs = 0;
    const check = async () => { runs++; await held.promise; return { passed: false, hint: `run ${runs}` }; };
    const one = guide.joinCheck(1, check);
    const two = guide.joinCheck(1, check);
    expect(two).toBe(one);
    held.open();
    expect(await one).toEqual({ passed: false, hint: 'run 1' });
    expect(await guide.joinCheck(1, check)).toEqual({ passed: false, hint: 'run 2' });
  });

  it('queues checks of different steps instead of joining them', async () => {
    const guide = new SessionGuide();
    const seen: number[] = [];
    const check = (i: number) => async () => { seen.push(i); return { passed: true, hint: null }; };
    await Promise.all([guide.joinCheck(1, check(1)), guide.joinCheck(2, check(2))]);
    expect(seen).toEqual([1, 2]);
  });
});

describe('SessionGuide.pending', () => {
  it('counts queued and running tasks, and drops back as they finish', async () => {
    const guide = new SessionGuide();
    const held = gate();
    const a = guide.serial(() => held.promise);
    const b = guide.serial(async () => {});
    expect(guide.pending).toBe(2);
    held.open();
    await Promise.all([a, b]);
    expect(guide.pending).toBe(0);
  });
});

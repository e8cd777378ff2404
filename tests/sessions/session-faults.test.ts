/**
 * The session layer under injected sandbox faults (a fake driver that is
 * slow, never starts, fails, dies mid-session or hangs in exec): the learner
 * gets a clear error and nothing is left behind.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors.js';
import { fakeSessions as setup, RecordingPeer, REQUEST as request, until } from './fake-sessions.js';

describe('session layer under sandbox faults', () => {
  it('a sandbox that fails to be created → 503 with a message for the learner, nothing left', async () => {
    const { driver, manager } = setup({ createFails: true });
    const err = await manager.create(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).code).toBe('sandbox_failed');
    expect((err as AppError).userMessage).toMatch(/failed to start/);
    expect(manager.count).toBe(0);
    expect(driver.live.size).toBe(0);
  });

  it('a sandbox that never starts → 503 after the start timeout, sandbox destroyed, and the cap is released', async () => {
    const { driver, manager } = setup({ neverStarts: true }, { maxSessions: 1 });
    const t0 = Date.now();
    const err = (await manager.create(request).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(503);
    expect(err.userMessage).toMatch(/too long to start/);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(driver.live.size).toBe(0);
    driver.faults = {};
    const { session } = await manager.create(request);
    expect(manager.count).toBe(1);
    await session.end('destroyed');
  });

  it('a slow sandbox still starts', async () => {
    const { manager } = setup({ startDelayMs: 200 });
    const { session } = await manager.create(request);
    expect(session.isEnded).toBe(false);
  });

  it('a sandbox that dies mid-session → the learner is told, sockets close with 4000, the session is gone', async () => {
    const { driver, manager } = setup({ dieAfterMs: 300 });
    const { session } = await manager.create(request);
    const peer = new RecordingPeer();
    session.attach(peer);
    await until(() => peer.closed !== null);
    expect(peer.messages.find((m) => m.type === 'exit')).toBeDefined();
    expect(peer.closed).toEqual({ code: 4000, reason: 'the shell exited' });
    await until(() => manager.count === 0);
    expect(driver.live.size).toBe(0);
  });

  it('an exec that hangs returns at its timeout', async () => {
    const { manager } = setup({ execHangs: true });
    const { session } = await manager.create(request);
    const r = await session.exec(['true'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
  });

  it('idle sessions (no owner socket, no input) are reaped; attached ones are not', async () => {
    const { manager } = setup({}, { idleMs: 300, reapEveryMs: 50 });
    const idle = await manager.create(request);
    const watched = await manager.create(request);
    const peer = new RecordingPeer();
    watched.session.attach(peer);
    await until(() => idle.session.isEnded, 3000);
    expect(watched.session.isEnded).toBe(false);
    expect(manager.get(idle.session.id)).toBeUndefined();
  });

  it('sessions past their maximum age end even with a socket attached (close 4000)', async () => {
    const { manager } = setup({}, { maxAgeMs: 300, reapEveryMs: 50 });
    const { session } = await manager.create(request);
    const peer = new RecordingPeer();
    session.attach(peer);
    await until(() => session.isEnded, 3000);
    expect(peer.closed?.code).toBe(4000);
    expect(peer.closed?.reason).toMatch(/maximum age/);
  });

  it('a burst of creates never overshoots the caps, and each refusal is a clear 429', async () => {
    const { driver, manager } = setup({ startDelayMs: 100 }, { maxSessions: 3, maxSessionsPerClient: 2 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => manager.create({ ...request, clientKey: `c${i % 4}` })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(ok).toHaveLength(3);
    expect(refused.every((e) => e.status === 429 && e.code === 'too_many_sessions')).toBe(true);
    expect(driver.live.size).toBe(3);
  });

  it('shutdown ends every session, tells sockets, and refuses new ones', async () => {
    const { driver, manager } = setup();
    const { session } = await manager.create(request);
    const peer = new RecordingPeer();
    session.attach(peer);
    await manager.shutdown();
    expect(peer.messages.some((m) => m.type === 'shutdown')).toBe(true);
    expect(peer.closed?.code).toBe(1001);
    expect(driver.live.size).toBe(0);
    const err = (await manager.create(request).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(503);
  });
});

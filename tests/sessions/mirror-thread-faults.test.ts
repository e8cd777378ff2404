/**
 * The session layer when the screen-mirror thread dies (a parser crash, or
 * its heap cap: sessions/mirror-worker.ts): the learner's terminal goes on,
 * and a socket attached afterwards gets a screen rebuilt from the output
 * that came after the death.
 */
import { describe, expect, it } from 'vitest';
import { MirrorThread } from '../../server/src/sessions/mirror-worker.js';
import { fakeSessions as setup, RecordingPeer, REQUEST as request, until } from './fake-sessions.js';

describe('session layer when the mirror thread dies', () => {
  it('costs the replay of what came before, never the session: output flows, and the next screen is rebuilt from what follows', async () => {
    const { manager } = setup();
    const { session } = await manager.create(request);
    const owner = new RecordingPeer();
    const attachment = session.attach(owner)!;
    await until(() => owner.messages.some((m) => m.type === 'hello'));
    session.input(attachment, Buffer.from('before-death\n'));
    await until(() => owner.output.includes('before-death'));

    const thread = MirrorThread.get();
    await thread.terminate();
    await until(() => !thread.alive);

    session.input(attachment, Buffer.from('after-death\n'));
    await until(() => owner.output.includes('after-death'));
    expect(session.isPaused).toBe(false);

    const watcher = new RecordingPeer('watcher');
    session.attach(watcher);
    await until(() => watcher.output.includes('after-death'));
    expect(watcher.messages[0]).toMatchObject({ type: 'hello', role: 'watcher' });
    expect(watcher.output).not.toContain('before-death');
    expect(MirrorThread.get()).not.toBe(thread);
    await session.end('destroyed');
  });
});

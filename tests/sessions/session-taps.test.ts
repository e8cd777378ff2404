/**
 * Terminal taps (what a recording hooks onto) on a real session over the
 * fake driver's pty: a tap added late starts from the screen as it stands,
 * then gets every byte and resize in order, counts as "recorded" while on,
 * and nothing once removed; SessionManager.onStarted sees each session
 * before anyone can attach.
 */
import { describe, expect, it } from 'vitest';
import { FlowControl } from '../../common/src/flow-control.js';
import type { Session } from '../../server/src/sessions/session.js';
import type { TerminalTap } from '../../server/src/sessions/terminal-tap.js';
import { fakeSessions, RecordingPeer, REQUEST as request, until } from './fake-sessions.js';

/** A manager over the fake driver, with a 2 s start timeout. */
const manager = () => fakeSessions({}, {
  sessionLimits: { startTimeoutMs: 2000, maxSockets: 4, maxPendingInputBytes: 1 << 20, scrollbackLines: 100 },
}).manager;

class Tap implements TerminalTap {
  readonly kind = 'recording' as const;
  readonly events: Array<['o', string] | ['r', string]> = [];
  output(data: Buffer) { this.events.push(['o', data.toString()]); }
  resize(cols: number, rows: number) { this.events.push(['r', `${cols}x${rows}`]); }
  get text() { return this.events.filter((e) => e[0] === 'o').map((e) => e[1]).join(''); }
}

describe('terminal taps', () => {
  it('onStarted sees the session before create() returns it', async () => {
    const m = manager();
    const seen: Session[] = [];
    m.onStarted((s) => seen.push(s));
    const { session } = await m.create(request);
    expect(seen).toEqual([session]);
  });

  it('a late tap gets the screen so far, then live output and resizes in order; removed, it gets nothing', async () => {
    const { session } = await manager().create(request);
    const peer = new RecordingPeer();
    const owner = session.attach(peer)!;
    session.input(owner, Buffer.from('before-the-tap\r'));
    await until(() => peer.output.includes('before-the-tap'));

    const tap = new Tap();
    expect(session.isRecorded).toBe(false);
    const remove = session.addTap(tap);
    expect(session.isRecorded).toBe(true);
    session.resize(owner, 100, 30);
    session.input(owner, Buffer.from('after-the-tap\r'));
    await until(() => tap.text.includes('after-the-tap'));

    // The screen comes first (it holds the earlier line), then the resize, then the new output.
    expect(tap.events[0]![0]).toBe('o');
    expect(tap.events[0]![1]).toContain('before-the-tap');
    const resizeAt = tap.events.findIndex((e) => e[0] === 'r');
    expect(tap.events[resizeAt]).toEqual(['r', '100x30']);
    const afterAt = tap.events.findIndex((e) => e[0] === 'o' && e[1].includes('after-the-tap'));
    expect(afterAt).toBeGreaterThan(resizeAt);
    expect(session.terminalSize).toEqual({ cols: 100, rows: 30 });

    remove();
    expect(session.isRecorded).toBe(false);
    const count = tap.events.length;
    session.input(owner, Buffer.from('not-for-the-tap\r'));
    await until(() => peer.output.includes('not-for-the-tap'));
    expect(tap.events).toHaveLength(count);
  });

  it('a tap never acknowledges and never holds the learner back: more than the high watermark flows past it', async () => {
    const { session } = await manager().create(request);
    // An owner that acknowledges everything at once, so only a tap could make the session pause.
    let owner: ReturnType<Session['attach']> = null;
    const peer = new RecordingPeer();
    const send = peer.sendBinary.bind(peer);
    peer.sendBinary = (data) => { send(data); if (owner) session.ack(owner, data.length); };
    owner = session.attach(peer)!;
    const tap = new Tap();
    session.addTap(tap);
    const line = 'x'.repeat(1000);
    const lines = Math.ceil((3 * FlowControl.HIGH_WATERMARK_BYTES) / line.length);
    for (let i = 0; i < lines; i++) session.input(owner, Buffer.from(`${line}-${i}\r`));
    await until(() => tap.text.includes(`${line}-${lines - 1}`), 15_000);
    expect(tap.text.length).toBeGreaterThan(3 * FlowControl.HIGH_WATERMARK_BYTES);
    await until(() => !session.isPaused);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  MIRROR_FLOOD_BYTES, MIRROR_FLOOD_SETTLE_MS, MIRROR_FLOOD_TAIL_BYTES, MIRROR_MAX_LAG_BYTES, MirrorThread,
} from './mirror-worker.js';
import { TerminalMirror } from './terminal-mirror.js';

describe('TerminalMirror (parsed on the mirror thread)', () => {
  const mirrors: TerminalMirror[] = [];
  afterEach(() => { for (const m of mirrors.splice(0)) m.dispose(); });

  const open = (onDrained: () => void = () => {}) => {
    const m = new TerminalMirror(20, 4, 100, onDrained);
    mirrors.push(m);
    return m;
  };
  const screen = (m: TerminalMirror) => new Promise<string>((resolve) => m.atCurrentScreen(resolve));

  it('gives the screen as of every byte written before the request, in order', async () => {
    const m = open();
    m.write(Buffer.from('hello\r\n'));
    m.write(Buffer.from('\x1b[31mred\x1b[0m'));
    const shot = screen(m);
    m.write(Buffer.from(' later'));
    expect(await shot).toMatch(/^hello\r\n\x1b\[31mred/);
    expect(await shot).not.toContain('later');
    expect(await screen(m)).toContain('later');
  });

  it('counts written bytes as pending until the thread has parsed them, then calls back', async () => {
    let drains = 0;
    const m = open(() => { drains++; });
    const pool = Buffer.alloc(8192, 'x');
    // A view into a larger buffer: only its own bytes count and travel.
    m.write(pool.subarray(0, 10));
    m.write(Buffer.from('abc'));
    expect(m.pendingBytes).toBe(13);
    await screen(m);
    expect(m.pendingBytes).toBe(0);
    expect(drains).toBe(2);
    expect(await screen(m)).toBe('xxxxxxxxxxabc');
  });

  it('keeps each session\'s screen apart and follows a resize', async () => {
    const a = open();
    const b = open();
    a.write(Buffer.from('one'));
    b.write(Buffer.from('two'));
    b.resize(40, 10);
    expect(b.size).toEqual({ cols: 40, rows: 10 });
    expect(await screen(a)).toBe('one');
    expect(await screen(b)).toBe('two');
  });

  it('skips ahead in a flood instead of holding the terminal back: the last screens survive, pending comes back to zero', async () => {
    let drained = 0;
    const m = open(() => { drained = m.pendingBytes; });
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i}\r\n`).join('');
    const bytes = Buffer.from(lines);
    expect(bytes.length).toBeGreaterThan(2 * MIRROR_MAX_LAG_BYTES);
    for (let at = 0; at < bytes.length; at += 8192) m.write(bytes.subarray(at, at + 8192));
    const shot = await screen(m);
    expect(m.pendingBytes).toBe(0);
    expect(drained).toBe(0);
    // The newest output is on the screen, from a line start; the oldest was skipped, not parsed.
    expect(shot).toMatch(/line 29999\r\n$/);
    expect(shot).not.toContain('line 0\r\n');
    expect(shot.split('\r\n')[0]).toMatch(/^line \d+$/);
    m.write(Buffer.from('after'));
    expect(await screen(m)).toMatch(/line 29999\r\nafter$/);
  });

  it('keeps a flood on the event loop: the thread gets the first MIRROR_FLOOD_BYTES, then only the tail once output is quiet', async () => {
    let drains = 0;
    const m = open(() => { drains++; });
    const bytes = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `row ${i}\r\n`).join(''));
    for (let at = 0; at < bytes.length; at += 8192) m.write(bytes.subarray(at, at + 8192));
    // Posted: the burst's first MIRROR_FLOOD_BYTES (whole chunks). Held: the newest MIRROR_FLOOD_TAIL_BYTES and a chunk, no more.
    expect(m.pendingBytes).toBeLessThanOrEqual(MIRROR_FLOOD_BYTES + 8192);
    expect(m.heldBytes).toBeGreaterThanOrEqual(MIRROR_FLOOD_TAIL_BYTES);
    expect(m.heldBytes).toBeLessThan(MIRROR_FLOOD_TAIL_BYTES + 8192);
    // Nothing asked for a screen: the quiet alone sends the tail, and the thread parses it.
    const deadline = Date.now() + 5000;
    while ((m.heldBytes > 0 || m.pendingBytes > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(m.heldBytes).toBe(0);
    expect(m.pendingBytes).toBe(0);
    expect(drains).toBeGreaterThan(0);
    const shot = await screen(m);
    expect(shot).toMatch(/row 29999\r\n$/);
    expect(shot).not.toContain('row 0\r\n');
  });

  it('after a flood, replays as much scrollback as parsing all of it would have (1,000 lines of ~100 bytes)', async () => {
    const m = new TerminalMirror(120, 24, 1000, () => {});
    mirrors.push(m);
    const pad = 'x'.repeat(90);
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${pad} ${String(i).padStart(5, '0')}\r\n`).join(''));
    for (let at = 0; at < bytes.length; at += 8192) m.write(bytes.subarray(at, at + 8192));
    const shot = await screen(m);
    // 1,000 lines of scrollback and 24 rows, the last one empty under the cursor: lines 3977 to 4999.
    expect(shot).toContain(`${pad} 03977\r\n`);
    expect(shot).not.toContain(`${pad} 03976\r\n`);
    expect(shot).toMatch(new RegExp(`${pad} 04999\\r\\n$`));
  });

  it('a slow thread still skips ahead by itself: chunks each after a quiet spell, never a flood here, cannot pile up', async () => {
    let clock = 0;
    const m = new TerminalMirror(20, 4, 100, () => {}, undefined, () => (clock += MIRROR_FLOOD_SETTLE_MS));
    mirrors.push(m);
    const bytes = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `late ${i}\r\n`).join(''));
    for (let at = 0; at < bytes.length; at += 8192) m.write(bytes.subarray(at, at + 8192));
    expect(m.heldBytes).toBe(0);
    const shot = await screen(m);
    expect(m.pendingBytes).toBe(0);
    expect(shot).toMatch(/late 29999\r\n$/);
    expect(shot).not.toContain('late 0\r\n');
  });

  it('when its thread dies, lets go of pending bytes, answers waiting screens blank, and opens again on a new thread', async () => {
    const threads: MirrorThread[] = [];
    let exits = 0;
    const factory = () => {
      if (!threads.at(-1)?.alive) threads.push(new MirrorThread({ onExit: () => { exits++; } }));
      return threads.at(-1)!;
    };
    let drains = 0;
    const m = new TerminalMirror(20, 4, 100, () => { drains++; }, factory);
    mirrors.push(m);
    m.write(Buffer.from('before'));
    expect(await screen(m)).toBe('before');
    m.write(Buffer.from('x'.repeat(50_000)));
    const waiting = screen(m);
    await threads[0]!.terminate();
    while (exits === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await waiting).toBe('');
    expect(m.pendingBytes).toBe(0);
    expect(drains).toBeGreaterThan(1);
    // The next output goes to a fresh thread: the mirror rebuilds from there.
    m.write(Buffer.from('after'));
    expect(await screen(m)).toBe('after');
    expect(threads.length).toBe(2);
    for (const t of threads) await t.terminate();
  });
});

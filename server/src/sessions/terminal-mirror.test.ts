import { afterEach, describe, expect, it } from 'vitest';
import { MIRROR_MAX_LAG_BYTES } from './mirror-worker.js';
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

  it('after a flood goes quiet, parses what it kept by itself (no screen asked for), so the terminal is never held', async () => {
    const m = open();
    const bytes = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `row ${i}\r\n`).join(''));
    for (let at = 0; at < bytes.length; at += 8192) m.write(bytes.subarray(at, at + 8192));
    expect(m.pendingBytes).toBe(bytes.length);
    const deadline = Date.now() + 5000;
    while (m.pendingBytes > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(m.pendingBytes).toBe(0);
    expect(await screen(m)).toMatch(/row 29999\r\n$/);
  });
});

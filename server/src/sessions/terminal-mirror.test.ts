import { afterEach, describe, expect, it } from 'vitest';
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
});

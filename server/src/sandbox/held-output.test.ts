import { describe, expect, it } from 'vitest';
import { HeldOutput } from './held-output.js';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('held terminal output', () => {
  it('keeps what came before the first listener and hands it over first, in order', async () => {
    const out = new HeldOutput();
    out.push(Buffer.from('prompt$ '));
    const seen: string[] = [];
    out.onData((d) => seen.push(d.toString()));
    out.push(Buffer.from('later'));
    await flush();
    out.push(Buffer.from('live'));
    expect(seen).toEqual(['prompt$ ', 'later', 'live']);
  });

  it('never calls a listener from inside onData, so it may dispose its own handle', async () => {
    const out = new HeldOutput();
    out.push(Buffer.from('$ '));
    let calls = 0;
    const handle = out.onData(() => {
      calls++;
      handle.dispose(); // would be a TDZ error if called synchronously
    });
    expect(calls).toBe(0);
    await flush();
    out.push(Buffer.from('more'));
    expect(calls).toBe(1);
  });
});

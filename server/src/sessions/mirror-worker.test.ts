import { afterEach, describe, expect, it } from 'vitest';
import { MirrorThread, mirrorHeapLimits } from './mirror-worker.js';
import { TerminalMirror } from './terminal-mirror.js';

describe('mirror thread heap', () => {
  const threads: MirrorThread[] = [];
  const mirrors: TerminalMirror[] = [];
  afterEach(async () => {
    for (const m of mirrors.splice(0)) m.dispose();
    for (const t of threads.splice(0)) await t.terminate();
  });

  it('caps the heap for the configured sessions, each with a full scrollback', () => {
    const one = mirrorHeapLimits(1, 1000);
    const many = mirrorHeapLimits(200, 1000);
    expect(one.maxOldGenerationSizeMb).toBeLessThan(40);
    // ~0.45 MiB of heap per full 1000-line mirror measured; the cap leaves twice that per session.
    expect(many.maxOldGenerationSizeMb - one.maxOldGenerationSizeMb).toBeGreaterThan(199 * 0.9);
    expect(mirrorHeapLimits(200, 10_000).maxOldGenerationSizeMb).toBeGreaterThan(many.maxOldGenerationSizeMb * 5);
    expect(many.maxYoungGenerationSizeMb).toBeLessThanOrEqual(16);
  });

  it('a thread that outgrows its cap dies alone; its mirrors let go, then rebuild on a new thread from the next output', async () => {
    let exits = 0;
    let failure: Error | null = null;
    // Room for a dozen or so full mirrors, not for sixty.
    const limits = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 };
    const factory = () => {
      if (!threads.at(-1)?.alive) threads.push(new MirrorThread({ heapLimits: limits, onExit: (err) => { exits++; failure ??= err; } }));
      return threads.at(-1)!;
    };
    const full = Buffer.from(`${'y'.repeat(78)}\r\n`.repeat(1100));
    let drains = 0;
    for (let i = 0; i < 60 && exits === 0; i++) {
      const m = new TerminalMirror(80, 24, 1000, () => { drains++; }, factory);
      mirrors.push(m);
      // Below the flood size, so every byte goes to the thread and is parsed into the scrollback.
      for (let at = 0; at < full.length; at += 64 * 1024) {
        m.write(full.subarray(at, at + 64 * 1024));
        await new Promise((r) => setTimeout(r, 25));
      }
      await new Promise<string>((resolve) => m.atCurrentScreen(resolve));
    }
    expect(exits).toBe(1);
    expect(failure).toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
    for (const m of mirrors) expect(m.pendingBytes).toBe(0);
    expect(drains).toBeGreaterThan(0);
    const survivor = mirrors[0]!;
    survivor.write(Buffer.from('still here'));
    expect(await new Promise<string>((resolve) => survivor.atCurrentScreen(resolve))).toBe('still here');
    expect(threads.length).toBe(2);
  }, 60_000);
});

/**
 * Keystroke echo: one byte typed, the time until the first byte of its echo
 * comes back. Keys alternate between a letter and backspace (DEL), so the
 * line stays short and readline's redraw is the same every time, as when a
 * person types and corrects.
 */
import { sleep, waitQuiet, type TermLink } from './term-link.js';

export interface EchoOptions {
  keystrokes: number;
  /** Pause after each echo, so the rest of a multi-byte echo has arrived before the next key. */
  gapMs: number;
}

export async function measureEcho(link: TermLink, options: EchoOptions): Promise<number[]> {
  await waitQuiet(link, 200);
  const samples: number[] = [];
  for (let i = 0; i < options.keystrokes; i++) {
    samples.push(await oneKeystroke(link, i % 2 === 0 ? 'a' : '\x7f'));
    await sleep(options.gapMs);
  }
  return samples;
}

/** Milliseconds from write to the first output byte after it. */
export function oneKeystroke(link: TermLink, key: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no echo of ${JSON.stringify(key)} in ${timeoutMs} ms`)); }, timeoutMs);
    let t0 = 0;
    const off = link.onData(() => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      off();
      resolve(ms);
    });
    t0 = performance.now();
    link.write(key);
  });
}

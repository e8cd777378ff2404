/**
 * Output flood: the shell prints `bytes` of text as fast as it can (yes |
 * head), and the link's reader takes it all. Throughput is bytes received
 * over the time from Enter to the marker printed after the flood.
 */
import { marker, waitQuiet, type TermLink } from './term-link.js';

/** Characters of output kept to find the end marker in. */
const TAIL = 1024;

export interface FloodResult {
  bytes: number;
  seconds: number;
  mbPerSecond: number;
}

/** A terminal line of ordinary width: a flood of log lines, not one endless line. */
const LINE = 'syslab flood: the quick brown fox jumps over the lazy dog 0123456789';

export function floodCommand(bytes: number): string {
  return `yes '${LINE}' | head -c ${bytes}`;
}

export async function measureFlood(link: TermLink, bytes: number, timeoutMs: number): Promise<FloodResult> {
  await waitQuiet(link, 200);
  const end = marker();
  let received = 0;
  let tail = '';
  const t0 = performance.now();
  const seconds = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`flood of ${bytes} bytes not done in ${timeoutMs} ms (got ${received})`)); }, timeoutMs);
    const off = link.onData((chunk) => {
      received += chunk.length;
      // The marker may be split across chunks, or be followed by a long prompt (title, colours) in its own.
      tail = (tail + (typeof chunk === 'string' ? chunk.slice(-TAIL) : chunk.subarray(-TAIL).toString('latin1'))).slice(-TAIL);
      if (end.printed.test(tail)) {
        clearTimeout(timer);
        off();
        resolve((performance.now() - t0) / 1000);
      }
    });
    link.write(`${floodCommand(bytes)}; echo ${end.typed}\r`);
  });
  return { bytes: received, seconds, mbPerSecond: received / seconds / (1024 * 1024) };
}

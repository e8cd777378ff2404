/**
 * Session start: POST /api/sessions until the first byte of the prompt on
 * the WebSocket, one session after another (each ended before the next), so
 * the figure is what one learner waits, not a queue.
 */
import { summarize, type Summary } from './stats.js';
import { createSession, deleteSession, type BenchServer } from './syslab-server.js';
import { SyslabLink } from './syslab-link.js';
import { waitForOutput } from './term-link.js';

/** bash's prompt ends in `$ ` (a replayed empty screen must not count as the prompt). */
export const PROMPT = /[$#] /;

export interface StartResult {
  /** POST → first prompt byte on the socket. */
  firstByteMs: Summary;
  /** POST → 201 (the sandbox is up); the rest is the socket and bash's start-up. */
  apiMs: Summary;
  /** The server's own timer around sandbox create + attach (its 'session started' log), the part of apiMs the driver spends. */
  sandboxMs: Summary;
  /** Sessions whose prompt never came within PROMPT_TIMEOUT_MS (left out of the timings, and reported). */
  failed: number;
  failures: string[];
}

/** A prompt later than this is a failed start, not a slow one. */
export const PROMPT_TIMEOUT_MS = 10_000;

/** @param lab the lab to start: `hello` (a plain sandbox) or one with a network of hosts (`networking`) */
export async function measureStart(server: BenchServer, count: number, lab = 'hello'): Promise<StartResult> {
  const firstByte: number[] = [];
  const failures: string[] = [];
  const logged = server.sandboxStartMs.length;
  const api: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const session = await createSession(server, lab);
    api.push(performance.now() - t0);
    const link = await SyslabLink.open(server.url, session);
    try {
      await waitForOutput(link, PROMPT, PROMPT_TIMEOUT_MS, 'the first prompt');
      firstByte.push(performance.now() - t0);
    } catch (err) {
      failures.push(`session ${session.id}: ${(err as Error).message}`);
    }
    await link.close();
    await deleteSession(server, session);
  }
  return {
    firstByteMs: summarize(firstByte), apiMs: summarize(api), sandboxMs: summarize(server.sandboxStartMs.slice(logged)),
    failed: failures.length, failures,
  };
}

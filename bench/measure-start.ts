/**
 * Session start: POST /api/sessions until the first byte of the prompt on
 * the WebSocket, one session after another (each ended before the next), so
 * the figure is what one learner waits, not a queue.
 *
 * With the server's warm pool (SYSLAB_WARM_SANDBOXES), `waitForWarm` starts
 * each session once the pool has a sandbox ready for the lab again, as for
 * learners who arrive apart; without it, back-to-back starts outrun the
 * refill. Either way the pool's own counters say what was measured: hits,
 * waits (a warm sandbox still starting) and misses.
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
  /** What the starts found in the warm pool, from the server's /metrics; null: the server keeps no pool (or is too old to say). */
  pool: PoolCounts | null;
  /** Sessions whose prompt never came within PROMPT_TIMEOUT_MS (left out of the timings, and reported). */
  failed: number;
  failures: string[];
}

export interface PoolCounts {
  hit: number;
  wait: number;
  miss: number;
}

/** A prompt later than this is a failed start, not a slow one. */
export const PROMPT_TIMEOUT_MS = 10_000;
/** A warm sandbox not back after this long: start anyway (the pool's counters will say it missed). */
const WARM_WAIT_MS = 10_000;

/**
 * @param lab the lab to start: `hello` (a plain sandbox) or one with a network of hosts (`networking`)
 * @param waitForWarm start each session only once the pool has a sandbox for `lab` ready (when the server has a pool)
 */
export async function measureStart(server: BenchServer, count: number, lab = 'hello', waitForWarm = false): Promise<StartResult> {
  const firstByte: number[] = [];
  const failures: string[] = [];
  const logged = server.sandboxStartMs.length;
  const api: number[] = [];
  const poolBefore = await poolCounts(server);
  for (let i = 0; i < count; i++) {
    if (waitForWarm) await warmReady(server, lab);
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
  const poolAfter = await poolCounts(server);
  return {
    firstByteMs: summarize(firstByte), apiMs: summarize(api), sandboxMs: summarize(server.sandboxStartMs.slice(logged)),
    pool: poolBefore && poolAfter && poolAfter.hit + poolAfter.wait + poolAfter.miss > poolBefore.hit + poolBefore.wait + poolBefore.miss
      ? { hit: poolAfter.hit - poolBefore.hit, wait: poolAfter.wait - poolBefore.wait, miss: poolAfter.miss - poolBefore.miss }
      : null,
    failed: failures.length, failures,
  };
}

async function metrics(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`);
  return res.ok ? res.text() : '';
}

function series(text: string, name: string, labels: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

async function poolCounts(server: BenchServer): Promise<PoolCounts | null> {
  const text = await metrics(server);
  const [hit, wait, miss] = ['hit', 'wait', 'miss'].map((r) => series(text, 'syslab_warm_pool_requests_total', `result="${r}"`) ?? NaN);
  return Number.isNaN(hit! + wait! + miss!) ? null : { hit: hit!, wait: wait!, miss: miss! };
}

/**
 * Until the pool has a sandbox ready for `lab`, and for every other lab it
 * keeps (so no other refill still competes for the CPU); at once when the
 * server reports no pool for `lab`.
 */
async function warmReady(server: BenchServer, lab: string): Promise<void> {
  const end = performance.now() + WARM_WAIT_MS;
  while (performance.now() < end) {
    const text = await metrics(server);
    if (series(text, 'syslab_warm_sandboxes', `lab="${lab}"`) === null) return;
    const counts = text.split('\n').filter((l) => l.startsWith('syslab_warm_sandboxes{')).map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    if (counts.every((n) => n > 0)) return;
    // Each look is a /metrics scrape: often enough to start soon after the refill, not so often that it slows it.
    await new Promise((r) => setTimeout(r, 10));
  }
}

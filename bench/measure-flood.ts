/**
 * Output flood through the whole path (pty → server → WebSocket → a client
 * that acks as it reads) beside the floor (the same command on a node-pty in
 * this process); and the server's memory while a client stalls mid-flood.
 */
import { loadavg } from 'node:os';
import { measureFlood, type FloodResult } from './flood-probe.js';
import { rssBytes } from './proc-stats.js';
import { round } from './stats.js';
import { createSession, deleteSession, type BenchServer } from './syslab-server.js';
import { SyslabLink } from './syslab-link.js';
import { sleep, waitForOutput, type TermLink } from './term-link.js';
import { PROMPT } from './measure-start.js';

/** Even a slow path moves 1 MB/s; past that the flood is stuck, not slow. */
export function floodTimeoutMs(bytes: number): number {
  return 30_000 + bytes / 1000;
}

export async function measureSessionFlood(server: BenchServer, bytes: number): Promise<FloodResult> {
  const session = await createSession(server);
  const link = await SyslabLink.open(server.url, session);
  try {
    await waitForOutput(link, PROMPT, 20_000, 'the prompt');
    return roundFlood(await measureFlood(link, bytes, floodTimeoutMs(bytes)));
  } finally {
    await link.close();
    await deleteSession(server, session);
  }
}

export function roundFlood(r: FloodResult): FloodResult {
  return { bytes: r.bytes, seconds: round(r.seconds), mbPerSecond: round(r.mbPerSecond, 1) };
}

export interface StallResult {
  seconds: number;
  baselineRssBytes: number;
  maxRssBytes: number;
  /** Largest RSS above the baseline while the client stalled. */
  growthBytes: number;
  /** Output the client had taken when it stopped reading. */
  receivedBeforeStallBytes: number;
}

/** The server's RSS, sampled this often while the client stalls. */
const STALL_SAMPLE_MS = 100;

export async function measureStall(server: BenchServer, seconds: number): Promise<StallResult> {
  const session = await createSession(server);
  const link = await SyslabLink.open(server.url, session);
  try {
    await waitForOutput(link, PROMPT, 20_000, 'the prompt');
    await sleep(300);
    const baseline = rssBytes(server.pid);
    let received = 0;
    const off = link.onData((c) => { received += c.length; });
    link.write('yes\r');
    // Let the flood get going, then freeze like a tab that stopped rendering.
    await waitForOutput(link, /y\r\ny\r\n/, 10_000, 'the flood');
    link.stallReading();
    const receivedBeforeStall = received;
    off();
    let max = baseline;
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      await sleep(STALL_SAMPLE_MS);
      max = Math.max(max, rssBytes(server.pid));
    }
    return { seconds, baselineRssBytes: baseline, maxRssBytes: max, growthBytes: max - baseline, receivedBeforeStallBytes: receivedBeforeStall };
  } finally {
    await link.close();
    await deleteSession(server, session);
  }
}

export interface FloodRound {
  /** MB/s of each terminal in this round, in the order they ran. */
  mbPerSecond: Map<string, number>;
  /** 1-minute load average when the round ended: the machine is shared. */
  load: number;
}

/**
 * Only the flood (`npm run bench -- --only flood`): the terminals flood in
 * turn, the order rotating every round as in side-by-side.ts, so each sees
 * the same load. Totals are bytes over seconds across all rounds.
 */
export async function alternateFloods(
  links: ReadonlyArray<{ name: string; link: TermLink }>, rounds: number, bytesPerRound: number,
  onRound: (round: FloodRound) => void = () => {},
): Promise<Map<string, FloodResult>> {
  const totals = new Map(links.map((c) => [c.name, { bytes: 0, seconds: 0 }]));
  for (let r = 0; r < rounds; r++) {
    const k = r % links.length;
    const mbPerSecond = new Map<string, number>();
    for (const c of [...links.slice(k), ...links.slice(0, k)]) {
      const f = await measureFlood(c.link, bytesPerRound, floodTimeoutMs(bytesPerRound));
      const t = totals.get(c.name)!;
      t.bytes += f.bytes;
      t.seconds += f.seconds;
      mbPerSecond.set(c.name, round(f.mbPerSecond, 1));
    }
    onRound({ mbPerSecond, load: loadavg()[0]! });
  }
  return new Map([...totals].map(([name, t]) => [name, roundFlood({ ...t, mbPerSecond: t.bytes / t.seconds / (1024 * 1024) })]));
}

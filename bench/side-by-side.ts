/**
 * Echo and flood of several terminals measured in alternating rounds (the
 * order rotating every round), so that each sees the same machine: on a
 * shared host the load swings by 2× within a minute, and measuring syslab,
 * the floor and the peer minutes apart would compare the load, not them.
 */
import { measureEcho } from './echo-probe.js';
import { measureFlood, type FloodResult } from './flood-probe.js';
import { round, summarize, type Summary } from './stats.js';
import type { TermLink } from './term-link.js';

export interface Contestant {
  name: string;
  /** An open terminal at its prompt. */
  link: TermLink;
}

export interface SideBySideOptions {
  rounds: number;
  /** Keystrokes per contestant in all (split over the rounds). */
  keystrokes: number;
  keyGapMs: number;
  /** Bytes per contestant in all (split over the rounds). */
  floodBytes: number;
  floodTimeoutMs: number;
}

export interface SideBySideResult {
  echoMs: Summary;
  flood: FloodResult;
}

export async function sideBySide(contestants: readonly Contestant[], o: SideBySideOptions): Promise<Map<string, SideBySideResult>> {
  const echo = new Map(contestants.map((c) => [c.name, [] as number[]]));
  const flood = new Map(contestants.map((c) => [c.name, { bytes: 0, seconds: 0 }]));
  const keysPerRound = Math.ceil(o.keystrokes / o.rounds);
  const bytesPerRound = Math.ceil(o.floodBytes / o.rounds);
  for (let r = 0; r < o.rounds; r++) {
    for (const c of rotate(contestants, r)) echo.get(c.name)!.push(...await measureEcho(c.link, { keystrokes: keysPerRound, gapMs: o.keyGapMs }));
  }
  for (let r = 0; r < o.rounds; r++) {
    for (const c of rotate(contestants, r)) {
      const f = await measureFlood(c.link, bytesPerRound, o.floodTimeoutMs);
      const total = flood.get(c.name)!;
      total.bytes += f.bytes;
      total.seconds += f.seconds;
    }
  }
  return new Map(contestants.map((c) => {
    const f = flood.get(c.name)!;
    return [c.name, {
      echoMs: summarize(echo.get(c.name)!),
      flood: { bytes: f.bytes, seconds: round(f.seconds), mbPerSecond: round(f.bytes / f.seconds / (1024 * 1024), 1) },
    }];
  }));
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

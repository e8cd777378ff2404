/** The peer's start, echo and flood, measured with the same probes as syslab's. */
import { measureEcho } from './echo-probe.js';
import { measureFlood } from './flood-probe.js';
import { floodTimeoutMs, roundFlood } from './measure-flood.js';
import { PROMPT } from './measure-start.js';
import type { FloodResult } from './flood-probe.js';
import { installWetty, startWetty } from './peer-wetty.js';
import { summarize, type Summary } from './stats.js';
import { waitForOutput } from './term-link.js';

export type PeerResult =
  | { name: 'wetty'; version: string; ran: true; startMs: Summary; echoMs: Summary; flood: FloodResult; note: string }
  | { name: 'wetty'; version: string; ran: false; reason: string };

export interface PeerOptions {
  peerDir: string;
  starts: number;
  keystrokes: number;
  keyGapMs: number;
  floodBytes: number;
  log: (line: string) => void;
}

export async function measureWetty(o: PeerOptions): Promise<PeerResult> {
  const problem = await installWetty(o.peerDir, o.log);
  if (problem) return { name: 'wetty', version: '', ran: false, reason: problem };
  let peer;
  try {
    peer = await startWetty(o.peerDir);
  } catch (err) {
    return { name: 'wetty', version: '', ran: false, reason: `wetty did not start: ${(err as Error).message}` };
  }
  try {
    const starts: number[] = [];
    for (let i = 0; i < o.starts; i++) {
      const t0 = performance.now();
      const link = await peer.open();
      await waitForOutput(link, PROMPT, 20_000, 'wetty\'s prompt');
      starts.push(performance.now() - t0);
      await link.close();
    }
    const link = await peer.open();
    try {
      await waitForOutput(link, PROMPT, 20_000, 'wetty\'s prompt');
      const echo = await measureEcho(link, { keystrokes: o.keystrokes, gapMs: o.keyGapMs });
      const flood = roundFlood(await measureFlood(link, o.floodBytes, floodTimeoutMs(o.floodBytes)));
      return {
        name: 'wetty', version: peer.version, ran: true, startMs: summarize(starts), echoMs: summarize(echo), flood,
        note: 'wetty runs `bash -l` as root on the host (no sandbox); start = socket.io connect → first prompt byte',
      };
    } finally {
      await link.close();
    }
  } catch (err) {
    return { name: 'wetty', version: peer.version, ran: false, reason: `wetty ran but a measurement failed: ${(err as Error).message}` };
  } finally {
    await peer.stop();
  }
}

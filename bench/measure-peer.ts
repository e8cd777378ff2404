/** The peer: wetty set up once, its start timed; its echo and flood run side by side with syslab's (side-by-side.ts). */
import { PROMPT } from './measure-start.js';
import type { FloodResult } from './flood-probe.js';
import { installWetty, startWetty, type WettyPeer } from './peer-wetty.js';
import { summarize, type Summary } from './stats.js';
import { waitForOutput } from './term-link.js';

export type PeerResult =
  | { name: 'wetty'; version: string; ran: true; startMs: Summary; echoMs: Summary; flood: FloodResult; note: string }
  | { name: 'wetty'; version: string; ran: false; reason: string };

export const WETTY_NOTE = 'wetty runs `bash -l` as root on the host (no sandbox); start = socket.io connect → first prompt byte';

/** The running peer, or why it cannot run here. */
export async function openWetty(peerDir: string, log: (line: string) => void): Promise<WettyPeer | string> {
  const problem = await installWetty(peerDir, log);
  if (problem) return problem;
  try {
    return await startWetty(peerDir);
  } catch (err) {
    return `wetty did not start: ${(err as Error).message}`;
  }
}

/** Connect → first prompt byte, one terminal after another. */
export async function measureWettyStart(peer: WettyPeer, starts: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < starts; i++) {
    const t0 = performance.now();
    const link = await peer.open();
    await waitForOutput(link, PROMPT, 20_000, 'wetty\'s prompt');
    samples.push(performance.now() - t0);
    await link.close();
  }
  return summarize(samples);
}

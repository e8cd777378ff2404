/** Keystroke echo through a whole syslab session, beside the same on the floor. */
import { measureEcho } from './echo-probe.js';
import { PtyFloorLink } from './pty-floor.js';
import { summarize, type Summary } from './stats.js';
import { createSession, deleteSession, type BenchServer } from './syslab-server.js';
import { SyslabLink } from './syslab-link.js';
import { waitForOutput } from './term-link.js';
import { PROMPT } from './measure-start.js';

export async function measureSessionEcho(server: BenchServer, keystrokes: number, gapMs: number): Promise<Summary> {
  const session = await createSession(server);
  const link = await SyslabLink.open(server.url, session);
  try {
    await waitForOutput(link, PROMPT, 20_000, 'the prompt');
    return summarize(await measureEcho(link, { keystrokes, gapMs }));
  } finally {
    await link.close();
    await deleteSession(server, session);
  }
}

export async function measureFloorEcho(keystrokes: number, gapMs: number): Promise<Summary> {
  const link = PtyFloorLink.open();
  try {
    await waitForOutput(link, PROMPT, 10_000, 'the floor prompt');
    return summarize(await measureEcho(link, { keystrokes, gapMs }));
  } finally {
    await link.close();
  }
}

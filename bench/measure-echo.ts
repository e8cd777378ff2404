/** Keystroke echo through a whole syslab session (the floor's runs side by side with it: side-by-side.ts). */
import { measureEcho } from './echo-probe.js';
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

/**
 * The thread that parses every session's output into its screen mirror.
 *
 * Parsing is the most expensive thing the server does with terminal output
 * (xterm's parser and buffer: ~20 ms per MB); on the event loop it capped a
 * flood at a quarter of what the pty delivers and competed with every other
 * session's echo (docs/performance.md, "Flood: the mirror parsed on the event
 * loop"). Here it runs beside the loop, as VS Code keeps its headless
 * terminals in the pty host process rather than the window. One thread per
 * server process, created on first use and unref'd, like libuv's own pool.
 *
 * The thread runs plain JavaScript (eval), so it works the same from
 * source (tsx), from dist/ and under vitest; it loads xterm by absolute path.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Main thread → mirror thread. */
export type MirrorRequest =
  | { t: 'open'; id: number; cols: number; rows: number; scrollback: number }
  | { t: 'write'; id: number; data: Uint8Array }
  | { t: 'resize'; id: number; cols: number; rows: number }
  | { t: 'screen'; id: number; req: number }
  | { t: 'close'; id: number };

/** Mirror thread → main thread. */
export type MirrorReply =
  | { t: 'drained'; id: number; bytes: number }
  | { t: 'screen'; id: number; req: number; screen: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Terminal } = require(workerData.headless);
const { SerializeAddon } = require(workerData.serialize);
const mirrors = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'open') {
    const term = new Terminal({ cols: m.cols, rows: m.rows, scrollback: m.scrollback, allowProposedApi: true });
    const serializer = new SerializeAddon();
    term.loadAddon(serializer);
    mirrors.set(m.id, { term, serializer });
    return;
  }
  const mirror = mirrors.get(m.id);
  if (!mirror) return;
  const { term, serializer } = mirror;
  switch (m.t) {
    case 'write': {
      const bytes = m.data.length;
      term.write(m.data, () => parentPort.postMessage({ t: 'drained', id: m.id, bytes }));
      break;
    }
    case 'resize':
      term.resize(m.cols, m.rows);
      break;
    case 'screen':
      // After every byte written so far has been parsed, and before any later one.
      term.write('', () => parentPort.postMessage({ t: 'screen', id: m.id, req: m.req,
        screen: serializer.serialize({ scrollback: term.options.scrollback || 0 }) }));
      break;
    case 'close':
      mirrors.delete(m.id);
      // xterm parses queued writes on a timer; dispose once they are done.
      term.write('', () => term.dispose());
      break;
  }
});
`;

export interface MirrorClient {
  drained(bytes: number): void;
  screen(req: number, screen: string): void;
  /** The thread is gone: nothing will drain or answer any more. */
  lost(): void;
}

export class MirrorThread {
  private readonly worker: Worker;
  private readonly clients = new Map<number, MirrorClient>();
  private nextId = 1;
  private dead = false;

  constructor() {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { headless: require.resolve('@xterm/headless'), serialize: require.resolve('@xterm/addon-serialize') },
      name: 'syslab-terminal-mirrors',
      // Plain JavaScript needs no loader: without this it would inherit tsx's
      // (from `npm run dev` and the tests), which starts an esbuild child.
      execArgv: [],
    });
    this.worker.unref();
    this.worker.on('message', (m: MirrorReply) => {
      const client = this.clients.get(m.id);
      if (!client) return;
      if (m.t === 'drained') client.drained(m.bytes);
      else client.screen(m.req, m.screen);
    });
    // A parser crash loses replay, never a session: every mirror lets go of
    // its pending bytes (or flow control would hold every terminal paused).
    this.worker.on('error', (err) => process.emitWarning(`terminal mirror thread failed: ${err.message}`));
    this.worker.on('exit', () => {
      this.dead = true;
      for (const client of this.clients.values()) client.lost();
      this.clients.clear();
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  open(client: MirrorClient, cols: number, rows: number, scrollback: number): number {
    const id = this.nextId++;
    this.clients.set(id, client);
    this.post({ t: 'open', id, cols, rows, scrollback });
    return id;
  }

  post(m: MirrorRequest, transfer?: ArrayBuffer[]): void {
    if (!this.dead) this.worker.postMessage(m, transfer);
  }

  close(id: number): void {
    this.clients.delete(id);
    this.post({ t: 'close', id });
  }

  private static shared: MirrorThread | null = null;

  /** The process's one mirror thread, started on first use (again, if the last one died). */
  static get(): MirrorThread {
    if (!MirrorThread.shared?.alive) MirrorThread.shared = new MirrorThread();
    return MirrorThread.shared;
  }
}

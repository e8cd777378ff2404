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
 * Its heap is capped for the configured sessions (mirrorHeapLimits); a
 * thread that dies anyway is started again on next use.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Main thread → mirror thread. */
export type MirrorRequest =
  | { t: 'open'; id: number; cols: number; rows: number; scrollback: number }
  /** `reset`: a flood's tail (terminal-mirror.ts): drop what is queued, start afresh from its first line. */
  | { t: 'write'; id: number; data: Uint8Array; reset?: true }
  | { t: 'resize'; id: number; cols: number; rows: number }
  | { t: 'screen'; id: number; req: number }
  | { t: 'close'; id: number };

/** Mirror thread → main thread. */
export type MirrorReply =
  | { t: 'drained'; id: number; bytes: number }
  | { t: 'screen'; id: number; req: number; screen: string };

/**
 * How far the mirror may fall behind the terminal before it skips ahead. A
 * flood (`yes`, `cat` of a big file) would otherwise be parsed in full, at
 * ~20 ms per MB, and the terminal would wait for it (flow control counts the
 * mirror). Past this lag the oldest unparsed output is dropped, the mirror is
 * reset and goes on from the newest MIRROR_KEEP_BYTES, from a line start: a
 * reconnect after a flood shows its last screens (and the scrollback since),
 * which is what there is to see. Well below the flow-control high
 * watermark (1 MB), so a busy mirror never pauses the learner's terminal.
 */
export const MIRROR_MAX_LAG_BYTES = 128 * 1024;
/** What a mirror that skipped ahead still parses: many screenfuls, colours included. */
export const MIRROR_KEEP_BYTES = 48 * 1024;
/**
 * Output without a quiet spell of MIRROR_FLOOD_SETTLE_MS beyond this is a
 * flood: the session's handle keeps its tail on the event loop instead of
 * posting every frame (terminal-mirror.ts). The same size as the lag the
 * thread tolerates, so the thread gets no more of a flood than it would parse.
 */
export const MIRROR_FLOOD_BYTES = MIRROR_MAX_LAG_BYTES;
/**
 * What of a flood the thread parses once output is quiet: its newest bytes,
 * as many as fill the default 1,000 lines of scrollback and the screen at
 * ~128 bytes a line (colours included), so a reconnect after a `cat` of a
 * large file shows what a full parse would have kept. ~3 ms of parsing, once
 * per flood.
 */
export const MIRROR_FLOOD_TAIL_BYTES = 128 * 1024;
/**
 * Once a mirror has skipped, it parses nothing more until output has been
 * quiet this long (or a screen is asked for): during a flood the thread would
 * otherwise parse at full speed only to drop most of it, taking a core from
 * the shell, the server and the browser that are moving the bytes.
 */
export const MIRROR_FLOOD_SETTLE_MS = 20;

/*
 * Each mirror feeds xterm one chunk at a time from its own queue, so the
 * queue's length is the lag, and requests (a screen, a resize) keep their
 * place among the chunks. 'drained' reports bytes parsed or dropped.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Terminal } = require(workerData.headless);
const { SerializeAddon } = require(workerData.serialize);
const { maxLag, keep, settleMs } = workerData;
const mirrors = new Map();
const NEWLINE = 10;

function drop(id, mirror) {
  let dropped = 0;
  const kept = [];
  // Newest first: keep whole chunks while under 'keep', and every request.
  let keptBytes = 0;
  for (let i = mirror.queue.length - 1; i >= 0; i--) {
    const item = mirror.queue[i];
    if (item.data && keptBytes >= keep) { dropped += item.data.length; continue; }
    if (item.data) keptBytes += item.data.length;
    kept.unshift(item);
  }
  mirror.queue = kept;
  mirror.queued = keptBytes;
  mirror.skipped = true;
  if (dropped > 0) parentPort.postMessage({ t: 'drained', id, bytes: dropped });
}

function pump(id, mirror) {
  // In a flood, parse only to answer a screen request; the rest waits for the quiet.
  while (!mirror.busy && mirror.queue.length > 0 && (!mirror.flooding || mirror.screens > 0)) {
    const item = mirror.queue.shift();
    const { term, serializer } = mirror;
    if (item.resize) { term.resize(item.resize.cols, item.resize.rows); continue; }
    if (item.screen !== undefined) {
      mirror.screens--;
      mirror.busy = true;
      // After every byte queued before the request, and before any later one.
      term.write('', () => {
        parentPort.postMessage({ t: 'screen', id, req: item.screen,
          screen: serializer.serialize({ scrollback: term.options.scrollback || 0 }) });
        mirror.busy = false;
        pump(id, mirror);
      });
      continue;
    }
    let data = item.data;
    const bytes = data.length;
    mirror.queued -= bytes;
    if (mirror.skipped) {
      mirror.skipped = false;
      term.reset();
      // Start from a line, not from the middle of an escape sequence.
      const nl = data.indexOf(NEWLINE);
      if (nl >= 0 && nl < data.length - 1) data = data.subarray(nl + 1);
    }
    mirror.busy = true;
    term.write(data, () => {
      parentPort.postMessage({ t: 'drained', id, bytes });
      mirror.busy = false;
      pump(id, mirror);
    });
  }
  if (!mirror.busy && mirror.queue.length === 0 && mirror.closing) mirror.term.dispose();
}

parentPort.on('message', (m) => {
  if (m.t === 'open') {
    const term = new Terminal({ cols: m.cols, rows: m.rows, scrollback: m.scrollback, allowProposedApi: true });
    const serializer = new SerializeAddon();
    term.loadAddon(serializer);
    mirrors.set(m.id, { term, serializer, queue: [], queued: 0, busy: false, skipped: false, closing: false,
      flooding: false, settle: null, screens: 0 });
    return;
  }
  const mirror = mirrors.get(m.id);
  if (!mirror) return;
  switch (m.t) {
    case 'write':
      if (m.reset) {
        // What is still queued is older than this tail: dropped, as in a skip.
        let dropped = 0;
        mirror.queue = mirror.queue.filter((item) => { if (item.data) dropped += item.data.length; return !item.data; });
        mirror.queued = 0;
        if (dropped > 0) parentPort.postMessage({ t: 'drained', id: m.id, bytes: dropped });
        mirror.skipped = true;
        mirror.flooding = false;
        clearTimeout(mirror.settle);
      }
      mirror.queue.push({ data: m.data });
      mirror.queued += m.data.length;
      if (mirror.queued > maxLag) {
        drop(m.id, mirror);
        mirror.flooding = true;
      }
      if (mirror.flooding) {
        clearTimeout(mirror.settle);
        mirror.settle = setTimeout(() => {
          mirror.flooding = false;
          pump(m.id, mirror);
        }, settleMs);
      }
      break;
    case 'resize':
      mirror.queue.push({ resize: { cols: m.cols, rows: m.rows } });
      break;
    case 'screen':
      mirror.queue.push({ screen: m.req });
      mirror.screens++;
      break;
    case 'close':
      mirrors.delete(m.id);
      clearTimeout(mirror.settle);
      // Nothing more to parse; xterm disposes once the chunk in hand is done.
      mirror.queue = [];
      mirror.closing = true;
      break;
  }
  pump(m.id, mirror);
});
`;

export interface MirrorClient {
  drained(bytes: number): void;
  screen(req: number, screen: string): void;
  /** The thread is gone: nothing will drain or answer any more. */
  lost(): void;
}

/** The thread's V8 heap caps (Worker resourceLimits), in MiB. */
export interface MirrorHeapLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

/**
 * The thread with xterm loaded and nothing open: ~7 MiB of heap, measured;
 * the rest is room to collect in. V8 starts collecting in earnest at about
 * half the cap, so the cap is what bounds the garbage of ended sessions:
 * with 16 MiB (and one session) the thread's heap stayed at ~13 MiB over
 * 400 sessions, with 32 MiB it grew to ~20 MiB (docs/security.md, known gap 2).
 */
const HEAP_BASE_MB = 16;
/** Heap per line of a mirror's buffer (scrollback + rows): ~450 B measured at 80 and at 500 columns (cell data lives outside the heap); twice that. */
const HEAP_BYTES_PER_LINE = 1024;
/** Rows a screen may have (common/src/protocol.ts TERMINAL_LIMITS.MAX_ROWS). */
const MAX_ROWS = 200;
/**
 * Young generation: short-lived garbage of parsing (strings, parser state).
 * V8's default lets it grow to 48 MiB in a thread that parses bursts, and
 * gives little of that back; 4 MiB costs more frequent, cheaper scavenges
 * (a flood's tail is 128 KB, parsed once).
 */
const YOUNG_GENERATION_MB = 4;

/**
 * Heap caps for `maxSessions` mirrors of `scrollbackLines` each, all full.
 * Without a cap the thread's heap may grow to V8's default (~4 GiB here)
 * before V8 collects in earnest: ended sessions' terminals then linger and
 * the server's resident memory drifts up by tens of MiB (docs/security.md,
 * known gap 2). A thread that still outgrows its cap dies and is started
 * again; the mirrors rebuild from the next output (terminal-mirror.ts).
 */
export function mirrorHeapLimits(maxSessions: number, scrollbackLines: number): MirrorHeapLimits {
  const perMirrorMb = ((scrollbackLines + MAX_ROWS) * HEAP_BYTES_PER_LINE) / (1024 * 1024);
  return {
    maxOldGenerationSizeMb: Math.ceil(HEAP_BASE_MB + maxSessions * perMirrorMb),
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
  };
}

export interface MirrorThreadOptions {
  heapLimits?: MirrorHeapLimits;
  /** The thread died (its error, if any); the next mirror to write starts another. */
  onExit?: (err: Error | null) => void;
}

export class MirrorThread {
  private readonly worker: Worker;
  private readonly clients = new Map<number, MirrorClient>();
  private nextId = 1;
  private dead = false;

  constructor(options: MirrorThreadOptions = {}) {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        headless: require.resolve('@xterm/headless'), serialize: require.resolve('@xterm/addon-serialize'),
        maxLag: MIRROR_MAX_LAG_BYTES, keep: MIRROR_KEEP_BYTES, settleMs: MIRROR_FLOOD_SETTLE_MS,
      },
      name: 'syslab-terminal-mirrors',
      // Plain JavaScript needs no loader: without this it would inherit tsx's
      // (from `npm run dev` and the tests), which starts an esbuild child.
      execArgv: [],
      ...(options.heapLimits ? { resourceLimits: options.heapLimits } : {}),
    });
    this.worker.unref();
    this.worker.on('message', (m: MirrorReply) => {
      const client = this.clients.get(m.id);
      if (!client) return;
      if (m.t === 'drained') client.drained(m.bytes);
      else client.screen(m.req, m.screen);
    });
    // A parser crash or a full heap loses replay, never a session: every
    // mirror lets go of its pending bytes (or flow control would hold every
    // terminal paused) and opens again on a new thread when next used.
    let failure: Error | null = null;
    this.worker.on('error', (err) => { failure = err; });
    this.worker.on('exit', () => {
      this.dead = true;
      const clients = [...this.clients.values()];
      this.clients.clear();
      for (const client of clients) client.lost();
      (options.onExit ?? warn)(failure);
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

  /** Stop the thread (tests: a thread that dies under its sessions). */
  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private static shared: MirrorThread | null = null;
  private static options: MirrorThreadOptions = {};

  /** How the process's mirror threads are started from now on (main.ts, from the config). */
  static configure(options: MirrorThreadOptions): void {
    MirrorThread.options = options;
  }

  /** The process's one mirror thread, started on first use (again, if the last one died). */
  static get(): MirrorThread {
    if (!MirrorThread.shared?.alive) MirrorThread.shared = new MirrorThread(MirrorThread.options);
    return MirrorThread.shared;
  }
}

function warn(err: Error | null): void {
  if (err) process.emitWarning(`terminal mirror thread failed: ${err.message}; screens replay from the next output`);
}

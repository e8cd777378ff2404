/**
 * A few sandboxes started ahead of demand, their shell already at its prompt,
 * so a learner's session starts in the time it takes to hand one over instead
 * of a sandbox's start-up (bwrap alone is ~15 ms, the whole start ~40 ms;
 * docs/performance.md). JupyterHub's pre-spawners and Killercoda's pools do
 * the same.
 *
 * - Two sandboxes are interchangeable when their lab and files are: the
 *   driver and the limits are the server's, the same for every sandbox, and
 *   a spec carries nothing of a learner. Labs with a network of hosts are not
 *   pooled: each holds several hosts' processes and namespaces while it waits.
 * - A warm sandbox is handed out once and never comes back: the session that
 *   takes it destroys it when it ends, so nothing of one learner reaches another.
 * - The shell's output (its prompt) stays held by the TerminalStream, which
 *   keeps what comes before the first listener: the pool never listens.
 * - Warm sandboxes are real sandboxes: the pool fills only while `room()`
 *   (the server's cap minus its sessions, starts and this pool) says so, and
 *   gives one back (`evict`) when a session needs the place.
 * - A warm sandbox whose shell died is dropped; a failed start is logged and
 *   retried later and later (RETRY_*), never in a tight loop.
 */
import type { Logger } from 'pino';
import type { Sandbox, SandboxDriver, SandboxLimits, TerminalStream } from '../sandbox/driver.js';
import { SandboxError } from '../sandbox/driver.js';
import type { NetworkTopology } from '../sandbox/network/topology.js';
import { INITIAL_COLS, INITIAL_ROWS } from './session.js';

/** First retry after a warm sandbox failed to start (or its shell died waiting); doubled each time in a row. */
const RETRY_FIRST_MS = 1_000;
/** The longest wait between retries: a broken lab or host costs one attempt a minute. */
const RETRY_MAX_MS = 60_000;

export interface WarmLab {
  lab: string;
  filesDir: string | null;
  network?: NetworkTopology | null;
}

export interface WarmSandbox {
  sandbox: Sandbox;
  terminal: TerminalStream;
}

/** How a session found the pool: a ready sandbox, one still starting (the rest of its start waited for), or none. */
export type PoolResult = 'hit' | 'wait' | 'miss';
export type DiscardReason = 'died' | 'failed' | 'evicted';

export interface WarmPoolEvents {
  warmPool(result: PoolResult): void;
  warmDiscarded(reason: DiscardReason): void;
}

export interface WarmPoolOptions {
  driver: SandboxDriver;
  limits: SandboxLimits;
  log: Logger;
  /** Warm sandboxes per lab (SYSLAB_WARM_SANDBOXES); 0: no pool. */
  perLab: number;
  /** Labs kept warm at once (SYSLAB_WARM_LABS): the most recently started. */
  maxLabs: number;
  /** Sandboxes the server may still start now; the pool fills only while this is above 0. */
  room(): number;
  newId(): string;
  /** A warm sandbox not up after this long is given up (the session layer's own start timeout). */
  startTimeoutMs: number;
  events?: WarmPoolEvents;
}

/** A taken sandbox: `ready` settles with it, or with null when it never came up (the caller starts one cold). */
export interface Taken {
  result: 'hit' | 'wait';
  ready: Promise<WarmSandbox | null>;
}

class Entry {
  state: 'starting' | 'ready' | 'taken' | 'dropped' = 'starting';
  sandbox: Sandbox | null = null;
  terminal: TerminalStream | null = null;
  /** True once the shell runs; false when it never came up (or was dropped while starting). */
  started!: Promise<boolean>;

  constructor(readonly key: string) {}

  /** A getter, so the compiler does not narrow the state across an await. */
  get dropped(): boolean {
    return this.state === 'dropped';
  }

  /** Destroys whatever exists of the sandbox, now or once create() returns; resolves when it is gone. */
  async gone(): Promise<void> {
    // One still attaching is ended by destroy() (its attach rejects), not waited for.
    void this.sandbox?.destroy().catch(() => {});
    await this.started;
    await this.sandbox?.destroy().catch(() => {});
  }
}

export class WarmPool {
  /** Warm labs, least recently started first. */
  private readonly labs = new Map<string, WarmLab>();
  private readonly entries = new Set<Entry>();
  /** Failures in a row, and when a lab may be tried again. */
  private readonly retry = new Map<string, { failures: number; at: number; timer: NodeJS.Timeout | null }>();
  /** Dropped sandboxes still being destroyed, and when they will be: they exist, so they count. */
  private readonly dropping = new Map<Entry, Promise<void>>();
  private closed = false;

  constructor(private readonly options: WarmPoolOptions) {}

  get enabled(): boolean {
    return this.options.perLab > 0;
  }

  /** Sandboxes the pool holds: starting, ready, and dropped ones not yet destroyed. */
  get size(): number {
    return this.entries.size + this.dropping.size;
  }

  /** Ready sandboxes by lab (the gauge on /metrics). */
  readyByLab(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const lab of this.labs.values()) counts.set(lab.lab, 0);
    for (const e of this.entries) {
      if (e.state !== 'ready') continue;
      const lab = this.labs.get(e.key)?.lab;
      if (lab !== undefined) counts.set(lab, (counts.get(lab) ?? 0) + 1);
    }
    return counts;
  }

  poolable(lab: WarmLab): boolean {
    return this.enabled && !lab.network;
  }

  /** Keep these labs warm from now (at start-up, after the orphan sweep): up to maxLabs of them, in order. */
  warm(labs: WarmLab[]): void {
    for (const lab of labs.filter((l) => this.poolable(l)).slice(0, this.options.maxLabs).reverse()) {
      if (!this.labs.has(keyOf(lab))) this.labs.set(keyOf(lab), lab);
    }
    this.refill();
  }

  /**
   * A session of `lab` is starting: its lab becomes the most recently used
   * (kept warm, the least recent one dropped past maxLabs), and it gets a
   * warm sandbox if one is ready, or else one still starting, or null.
   */
  take(lab: WarmLab): Taken | null {
    if (!this.poolable(lab) || this.closed) return null;
    const key = keyOf(lab);
    this.labs.delete(key);
    this.labs.set(key, lab);
    if (this.labs.size > this.options.maxLabs) {
      const [coldest] = this.labs.keys();
      this.labs.delete(coldest!);
      for (const e of this.entries) if (e.key === coldest) void this.drop(e, 'evicted');
    }
    const mine = [...this.entries].filter((e) => e.key === key);
    const entry = mine.find((e) => e.state === 'ready') ?? mine.find((e) => e.state === 'starting');
    if (!entry) {
      this.options.events?.warmPool('miss');
      return null;
    }
    const result = entry.state === 'ready' ? 'hit' : 'wait';
    this.options.events?.warmPool(result);
    entry.state = 'taken';
    this.entries.delete(entry);
    return {
      result,
      ready: entry.started.then((ok) => (ok && entry.sandbox && entry.terminal ? { sandbox: entry.sandbox, terminal: entry.terminal } : null)),
    };
  }

  /**
   * Give one sandbox's place to a session (the server is at its cap): the
   * least recently used lab's, a ready one before one still starting. Null
   * when the pool holds none; else resolves once that sandbox is destroyed.
   * The caller holds the place meanwhile, so it is not counted here.
   */
  evict(): Promise<void> | null {
    // One already on its way out (its lab fell out of the warm ones, its shell died) frees a place without costing another.
    for (const [entry, gone] of this.dropping) {
      this.dropping.delete(entry);
      return gone;
    }
    const order = [...this.labs.keys()];
    const rank = (e: Entry) => order.indexOf(e.key) * 2 + (e.state === 'ready' ? 0 : 1);
    const victim = [...this.entries].sort((a, b) => rank(a) - rank(b))[0];
    if (!victim) return null;
    victim.state = 'dropped';
    this.entries.delete(victim);
    this.options.events?.warmDiscarded('evicted');
    this.options.log.info({ sandbox: victim.sandbox?.id, lab: this.labs.get(victim.key)?.lab }, 'warm sandbox gave its place to a session');
    return victim.gone();
  }

  /** Start warm sandboxes where labs are short of them, while the server has room. */
  refill(): void {
    if (!this.enabled || this.closed) return;
    // Most recently started labs first: under the cap, they get the places.
    for (const [key, lab] of [...this.labs].reverse()) {
      const retry = this.retry.get(key);
      if (retry && retry.at > Date.now()) continue;
      let have = 0;
      for (const e of this.entries) if (e.key === key) have++;
      while (have < this.options.perLab && this.options.room() > 0) {
        this.fill(key, lab);
        have++;
      }
    }
  }

  /** Destroy every warm sandbox (SIGTERM) and start no more. */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.retry.values()) if (r.timer) clearTimeout(r.timer);
    // And those already on their way out (a dead shell's), so none outlives the server's own shutdown.
    await Promise.all([...[...this.entries].map((e) => this.drop(e, null)), ...this.dropping.values()]);
  }

  private fill(key: string, lab: WarmLab) {
    const entry = new Entry(key);
    this.entries.add(entry);
    const { driver, limits, startTimeoutMs, log } = this.options;
    entry.started = (async () => {
      try {
        entry.sandbox = await driver.create({ id: this.options.newId(), lab: lab.lab, limits, filesDir: lab.filesDir, network: null });
        if (entry.dropped) return false;
        // Dropped meanwhile, destroy() ends the attach as well (it rejects).
        entry.terminal = await withTimeout(entry.sandbox.attach({ cols: INITIAL_COLS, rows: INITIAL_ROWS }), startTimeoutMs);
        return !entry.dropped;
      } catch (err) {
        await entry.sandbox?.destroy().catch(() => {});
        if (entry.dropped) return false;
        const detail = err instanceof SandboxError ? err.detail : String(err);
        this.failed(key, lab, entry, 'failed', detail);
        return false;
      }
    })();
    void entry.started.then((ok) => {
      if (!ok || entry.state !== 'starting') return;
      entry.state = 'ready';
      this.retry.delete(key);
      log.debug({ sandbox: entry.sandbox!.id, lab: lab.lab }, 'warm sandbox ready');
      void entry.terminal!.exited.then(({ code, signal }) => {
        if (entry.state !== 'ready') return;
        this.failed(key, lab, entry, 'died', `its shell exited while waiting (code ${code}, signal ${signal})`);
      });
    });
  }

  /** A warm sandbox that never came up, or whose shell died: drop it and try again after a pause that grows. */
  private failed(key: string, lab: WarmLab, entry: Entry, reason: 'failed' | 'died', detail: string) {
    void this.drop(entry, reason);
    if (this.closed) return;
    const failures = (this.retry.get(key)?.failures ?? 0) + 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
    const old = this.retry.get(key)?.timer;
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      // Its time has come (a timer may fire a millisecond before Date.now() reaches `at`).
      const r = this.retry.get(key);
      if (r) Object.assign(r, { timer: null, at: 0 });
      this.refill();
    }, delay);
    timer.unref();
    this.retry.set(key, { failures, at: Date.now() + delay, timer });
    this.options.log.warn({ lab: lab.lab, sandbox: entry.sandbox?.id, reason, detail, failures, retryInMs: delay }, 'warm sandbox lost; trying again later');
  }

  private async drop(entry: Entry, reason: DiscardReason | null): Promise<void> {
    if (entry.state === 'dropped' || entry.state === 'taken') return;
    entry.state = 'dropped';
    if (!this.entries.delete(entry)) return;
    if (reason) this.options.events?.warmDiscarded(reason);
    const gone = entry.gone();
    this.dropping.set(entry, gone);
    await gone;
    this.dropping.delete(entry);
    // Its place is free again: another lab (or this one, unless backing off) may use it.
    this.refill();
  }
}

function keyOf(lab: WarmLab): string {
  return `${lab.lab}\0${lab.filesDir ?? ''}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

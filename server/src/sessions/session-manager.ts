/**
 * Creates, finds, authenticates and ends sessions; enforces the caps on how
 * many run; reaps idle and old ones. The only owner of Session objects, and
 * of the warm pool (warm-pool.ts) their sandboxes come from when it has one.
 *
 * A session's id is its sandbox's id (cgroup, runtime files, logs and the
 * orphan sweep name sandboxes by it): a cold start makes the id first, a warm
 * sandbox brings its own, random and never shown to anyone before.
 */
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { SandboxDriver, SandboxLimits } from '../sandbox/driver.js';
import type { NetworkTopology } from '../sandbox/network/topology.js';
import { SandboxError } from '../sandbox/driver.js';
import { hashToken, newSessionId, newToken, SESSION_ID_PATTERN, tokenMatches } from './credentials.js';
import { Session, type EndReason, type SessionLimits } from './session.js';
import { WarmPool, type PoolResult, type WarmLab, type WarmPoolEvents, type WarmSandbox } from './warm-pool.js';

/**
 * How long a refill waits after a session started. Starting a sandbox spawns
 * its pty, which blocks the event loop ~4 ms (node-pty forks synchronously;
 * a CPU profile of 60 starts), and the learner's page opens its terminal
 * socket within a few ms of the 201: a refill at once lands on their first
 * frame. Waiting this long took the warm start's p50 from 13–15 to 10–12 ms
 * and its p90 from 25–28 to 21–23 ms (80 starts each, alternating, load 3).
 * A second learner of the lab within it starts cold, as in any burst.
 */
const REFILL_AFTER_START_MS = 250;

export interface SessionManagerOptions {
  driver: SandboxDriver;
  log: Logger;
  sandboxLimits: SandboxLimits;
  sessionLimits: SessionLimits;
  maxSessions: number;
  maxSessionsPerClient: number;
  idleMs: number;
  maxAgeMs: number;
  /** How often the reaper looks; tests shorten it. */
  reapEveryMs?: number;
  /** Told as sessions start, end and fail (the metrics; ops/server-metrics.ts). */
  events?: SessionEvents & Partial<WarmPoolEvents>;
  /** Sandboxes kept warm per lab (SYSLAB_WARM_SANDBOXES); 0 or absent: none. */
  warmPerLab?: number;
  /** Labs kept warm at once (SYSLAB_WARM_LABS). */
  warmLabs?: number;
}

export interface SessionEvents {
  /** `seconds`: from the request to the sandbox being ready with its shell running (a warm one: handed over). */
  sessionStarted(lab: string, seconds: number): void;
  sessionEnded(reason: EndReason): void;
  failed(reason: SandboxError['reason']): void;
}

export interface NewSession {
  lab: string;
  filesDir: string | null;
  /** The lab's network (Lab.network); absent or null: the sandbox has only a loopback. */
  network?: NetworkTopology | null;
  /** Whose progress the session adds to. */
  learnerId: string;
  /** Who asks (client address): the per-client cap counts by this. */
  clientKey: string;
  /** Sockets this session takes at once, instead of the server's setting: a workshop's broadcast terminal is watched by the whole room. */
  maxSockets?: number;
}

export type Authentication =
  | { ok: true; session: Session }
  | { ok: false; status: 401 | 404 };

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being created count against the caps too, or a burst would overshoot them. */
  private starting = 0;
  private readonly startingPerClient = new Map<string, number>();
  private readonly reaper: NodeJS.Timeout;
  private readonly startListeners = new Set<(session: Session) => void>();
  private closed = false;
  private readonly pool: WarmPool;
  private refillTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SessionManagerOptions) {
    this.reaper = setInterval(() => this.reap(), options.reapEveryMs ?? 1000);
    this.reaper.unref();
    const events = options.events;
    this.pool = new WarmPool({
      driver: options.driver,
      limits: options.sandboxLimits,
      log: options.log,
      perLab: options.warmPerLab ?? 0,
      maxLabs: options.warmLabs ?? 8,
      room: () => this.options.maxSessions - this.sandboxCount,
      newId: newSessionId,
      startTimeoutMs: options.sessionLimits.startTimeoutMs,
      events: {
        warmPool: (result) => events?.warmPool?.(result),
        warmDiscarded: (reason) => events?.warmDiscarded?.(reason),
      },
    });
  }

  get count(): number {
    return this.sessions.size;
  }

  /** Every sandbox the server holds: sessions, starts under way and the warm pool. MAX_SESSIONS caps this. */
  get sandboxCount(): number {
    return this.sessions.size + this.starting + this.pool.size;
  }

  /** Warm sandboxes ready now, by lab (the gauge on /metrics). */
  warmByLab(): Map<string, number> {
    return this.pool.readyByLab();
  }

  /**
   * Start keeping these labs warm (the first SYSLAB_WARM_LABS of them). Call
   * after the driver's orphan sweep, which would take the new ones for a
   * dead server's.
   */
  startWarming(labs: WarmLab[]): void {
    if (this.closed) return;
    const { warmPerLab = 0, warmLabs = 8, maxSessions, log } = this.options;
    const kept = Math.min(warmLabs, labs.filter((l) => this.pool.poolable(l)).length);
    if (warmPerLab > 0) {
      log.info({ labs: kept, perLab: warmPerLab }, 'warm pool: keeping sandboxes started ahead');
      if (kept * warmPerLab >= maxSessions) {
        log.warn({ warm: kept * warmPerLab, maxSessions }, 'the warm pool can take every place under SYSLAB_MAX_SESSIONS; it gives them back to sessions one at a time, at a destroy each: lower SYSLAB_WARM_SANDBOXES or SYSLAB_WARM_LABS, or raise SYSLAB_MAX_SESSIONS');
      }
    }
    this.pool.warm(labs);
  }

  list(): Session[] {
    return [...this.sessions.values()];
  }

  async create(request: NewSession): Promise<{ session: Session; token: string }> {
    const { clientKey } = request;
    if (this.closed) throw new AppError(503, 'shutting_down', 'The server is shutting down; try again shortly.');
    const mine = this.countForClient(clientKey) + (this.startingPerClient.get(clientKey) ?? 0);
    if (mine >= this.options.maxSessionsPerClient) {
      throw new AppError(429, 'too_many_sessions',
        `You already have ${mine} sessions running (the limit is ${this.options.maxSessionsPerClient}). End one (DELETE /api/sessions/<id>) and try again.`);
    }
    const began = performance.now();
    // A warm sandbox's place becomes this start's (the pool stops counting it as the start counts it).
    const taken = this.pool.take(request);
    let giveWay: Promise<void> | null = null;
    if (!taken && this.sandboxCount >= this.options.maxSessions) {
      // At the cap: a warm sandbox of another lab makes room; without one, the server is full.
      giveWay = this.pool.evict();
      if (!giveWay) throw new AppError(429, 'too_many_sessions', 'The server is at its session limit. Try again in a few minutes.');
    }
    this.starting++;
    this.startingPerClient.set(clientKey, (this.startingPerClient.get(clientKey) ?? 0) + 1);
    const token = newToken();
    let id: string = newSessionId();
    let pool: PoolResult | null = this.pool.poolable(request) ? 'miss' : null;
    try {
      let session: Session;
      const warm: WarmSandbox | null = taken ? await taken.ready : null;
      const limits = request.maxSockets ? { ...this.options.sessionLimits, maxSockets: request.maxSockets } : this.options.sessionLimits;
      if (warm) {
        id = warm.sandbox.id;
        pool = taken!.result;
        session = Session.adopt({ id, lab: request.lab, learnerId: request.learnerId, clientKey, tokenHash: hashToken(token) }, warm.sandbox, warm.terminal, limits, this.options.log);
      } else {
        // Never more sandboxes than the cap: the evicted one is gone before this one starts.
        await giveWay;
        const sandbox = await this.options.driver.create({
          id, lab: request.lab, limits: this.options.sandboxLimits, filesDir: request.filesDir, network: request.network ?? null,
        });
        session = await Session.start({ id, lab: request.lab, learnerId: request.learnerId, clientKey, tokenHash: hashToken(token) }, sandbox, limits, this.options.log);
      }
      if (this.closed) {
        await session.end('shutdown');
        throw new AppError(503, 'shutting_down', 'The server is shutting down; try again shortly.');
      }
      this.sessions.set(id, session);
      session.onEnded((reason) => {
        this.sessions.delete(id);
        this.options.events?.sessionEnded(reason);
        this.pool.refill();
      });
      const seconds = (performance.now() - began) / 1000;
      this.options.events?.sessionStarted(request.lab, seconds);
      for (const fn of this.startListeners) fn(session);
      this.options.log.info({ session: id, lab: request.lab, startMs: Math.round(seconds * 1000), warm: pool }, 'session started');
      return { session, token };
    } catch (err) {
      if (err instanceof SandboxError) {
        this.options.events?.failed(err.reason);
        this.options.log.error({ session: id, reason: err.reason, detail: err.detail }, 'sandbox failed to start');
        throw new AppError(503, 'sandbox_failed', err.userMessage, err.detail);
      }
      throw err;
    } finally {
      this.starting--;
      const left = (this.startingPerClient.get(clientKey) ?? 1) - 1;
      if (left > 0) this.startingPerClient.set(clientKey, left); else this.startingPerClient.delete(clientKey);
      // After the learner's own start and first frame, so a refill does not compete with them.
      this.refillSoon();
    }
  }

  /**
   * `fn` sees every session as it starts, before anyone can attach to it
   * (the recorder hooks on here, so a recording misses nothing). The
   * returned function removes it.
   */
  onStarted(fn: (session: Session) => void): () => void {
    this.startListeners.add(fn);
    return () => this.startListeners.delete(fn);
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** 404 for an id that is not running (or not even well-formed), 401 for a wrong token. */
  authenticate(id: string, token: string | null): Authentication {
    const session = SESSION_ID_PATTERN.test(id) ? this.sessions.get(id) : undefined;
    if (!session) return { ok: false, status: 404 };
    if (!token || !tokenMatches(token, session.info.tokenHash)) return { ok: false, status: 401 };
    return { ok: true, session };
  }

  async end(id: string, reason: EndReason = 'destroyed'): Promise<void> {
    await this.sessions.get(id)?.end(reason);
  }

  /** Stop accepting sessions and end every one (SIGTERM). */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    if (this.refillTimer) clearTimeout(this.refillTimer);
    await Promise.all([this.pool.close(), ...this.list().map((s) => s.end('shutdown'))]);
  }

  private refillSoon() {
    if (this.refillTimer || !this.pool.enabled) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.pool.refill();
    }, REFILL_AFTER_START_MS);
    this.refillTimer.unref();
  }

  private countForClient(clientKey: string): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.info.clientKey === clientKey) n++;
    return n;
  }

  /**
   * Idle: no owner socket attached and no input for idleMs (a learner
   * reading the guide with the terminal open is not idle). Old: running
   * longer than maxAgeMs, whatever it does.
   */
  private reap() {
    const now = Date.now();
    for (const s of this.sessions.values()) {
      if (now - s.createdAt > this.options.maxAgeMs) void s.end('max_age');
      else if (!s.ownerAttached && now - s.lastActivity > this.options.idleMs) void s.end('idle');
    }
  }
}

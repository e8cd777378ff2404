/**
 * Every Prometheus series syslab exports (docs/operations.md lists them),
 * registered on a registry the composition root makes and passes in: no
 * module-level default registry (STYLE.md #3). The rest of the server sees
 * only the narrow hook interfaces it needs (SessionManager's, the lab
 * engine's, the terminal sockets'), which this class implements.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The subset of a SessionManager the gauges read at scrape time. */
export interface SessionCounts {
  readonly count: number;
  list(): ReadonlyArray<{ readonly isPaused: boolean; readonly socketCount: number }>;
  /** Warm sandboxes ready now, by lab (sessions/warm-pool.ts). */
  warmByLab?(): ReadonlyMap<string, number>;
}

/**
 * Start latency buckets in seconds. A session from the warm pool is handed
 * its sandbox in 0–3 ms; bubblewrap is ready in 5–40 ms on an idle host and
 * Docker in 0.3–1.5 s; the top buckets catch a loaded host and the start
 * timeout (20 s), so each kind's p50 and p99 land inside a bucket.
 */
const START_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

export type CheckResult = 'pass' | 'fail' | 'timeout';

export class ServerMetrics {
  private sessions: SessionCounts | null = null;
  readonly sessionsStarted: Counter<'lab'>;
  readonly sessionsEnded: Counter<'reason'>;
  readonly startSeconds: Histogram;
  readonly terminalBytes: Counter<'direction'>;
  readonly stepChecks: Counter<'lab' | 'result'>;
  readonly errors: Counter<'reason'>;
  readonly warmPoolRequests: Counter<'result'>;
  readonly warmDiscards: Counter<'reason'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    collectDefaultMetrics({ register: registry });
    const self = this;
    new Gauge({
      name: 'syslab_sessions_active',
      help: 'Sessions running now (each holds one sandbox).',
      registers,
      collect() { this.set(self.sessions?.count ?? 0); },
    });
    new Gauge({
      name: 'syslab_terminal_sockets',
      help: 'Terminal WebSockets attached to sessions now (owners and watchers).',
      registers,
      collect() { this.set(sum(self.sessions, (s) => s.socketCount)); },
    });
    new Gauge({
      name: 'syslab_terminals_paused',
      help: 'Sessions whose shell output is paused by flow control now (a client or the screen mirror is a high watermark behind).',
      registers,
      collect() { this.set(sum(self.sessions, (s) => (s.isPaused ? 1 : 0))); },
    });
    new Gauge({
      name: 'syslab_warm_sandboxes',
      help: 'Warm sandboxes ready now, by lab: started ahead, their shell at its prompt, waiting for the next session of that lab (SYSLAB_WARM_SANDBOXES).',
      labelNames: ['lab'],
      registers,
      collect() {
        this.reset();
        for (const [lab, n] of self.sessions?.warmByLab?.() ?? []) this.set({ lab }, n);
      },
    });
    this.warmPoolRequests = new Counter({
      name: 'syslab_warm_pool_requests_total',
      help: 'Sessions of labs the pool keeps warm, by what they found: hit (a warm sandbox was ready), wait (one was still starting; the session waited for the rest), miss (none; started cold).',
      labelNames: ['result'],
      registers,
    });
    this.warmDiscards = new Counter({
      name: 'syslab_warm_sandboxes_discarded_total',
      help: 'Warm sandboxes destroyed unused, by reason: died (its shell exited while waiting), failed (it never came up; retried with back-off), evicted (gave its place to a session at MAX_SESSIONS, or its lab fell out of the warm ones).',
      labelNames: ['reason'],
      registers,
    });
    this.sessionsStarted = new Counter({
      name: 'syslab_sessions_started_total', help: 'Sessions started, by lab.', labelNames: ['lab'], registers,
    });
    this.sessionsEnded = new Counter({
      name: 'syslab_sessions_ended_total',
      help: 'Sessions ended, by reason (exited, destroyed, idle, max_age, shutdown, failed).',
      labelNames: ['reason'],
      registers,
    });
    this.startSeconds = new Histogram({
      name: 'syslab_session_start_seconds',
      help: 'Time from a session request to its sandbox being ready with the shell running.',
      buckets: START_SECONDS_BUCKETS,
      registers,
    });
    this.terminalBytes = new Counter({
      name: 'syslab_terminal_bytes_total',
      help: 'Terminal bytes carried over WebSockets: in = typed by learners, out = shell output sent to sockets (replays included).',
      labelNames: ['direction'],
      registers,
    });
    this.stepChecks = new Counter({
      name: 'syslab_step_checks_total',
      help: 'verify.sh runs, by lab and result (pass, fail, timeout). Pass rate = pass / all.',
      labelNames: ['lab', 'result'],
      registers,
    });
    this.errors = new Counter({
      name: 'syslab_errors_total',
      help: 'Failures, by reason: the sandbox reasons (start_failed, start_timeout, exec_failed, unavailable) and internal (an HTTP 500).',
      labelNames: ['reason'],
      registers,
    });
    // Zero series exist from the start, so a rate() over them is 0, not "no data".
    for (const direction of ['in', 'out']) this.terminalBytes.inc({ direction }, 0);
    for (const reason of ['start_failed', 'start_timeout', 'exec_failed', 'unavailable', 'internal']) this.errors.inc({ reason }, 0);
    for (const reason of ['exited', 'destroyed', 'idle', 'max_age', 'shutdown', 'failed']) this.sessionsEnded.inc({ reason }, 0);
    for (const result of ['hit', 'wait', 'miss']) this.warmPoolRequests.inc({ result }, 0);
    for (const reason of ['died', 'failed', 'evicted']) this.warmDiscards.inc({ reason }, 0);
  }

  /**
   * Zero series for every lab in the catalog, so a lab with no passed check
   * yet shows a 0 % pass rate instead of "no data" (a ratio over a series
   * that does not exist is empty in PromQL).
   */
  forLabs(labs: readonly string[]): void {
    for (const lab of labs) {
      this.sessionsStarted.inc({ lab }, 0);
      for (const result of ['pass', 'fail', 'timeout']) this.stepChecks.inc({ lab, result }, 0);
    }
  }

  /** Where the session gauges read from; called once the SessionManager exists. */
  observe(sessions: SessionCounts): void {
    this.sessions = sessions;
  }

  // The hooks below are the interfaces the session layer, the lab engine and
  // the terminal sockets declare; they keep prom-client out of those modules.

  sessionStarted(lab: string, seconds: number): void {
    this.sessionsStarted.inc({ lab });
    this.startSeconds.observe(seconds);
  }

  sessionEnded(reason: string): void {
    this.sessionsEnded.inc({ reason });
  }

  failed(reason: string): void {
    this.errors.inc({ reason });
  }

  warmPool(result: string): void {
    this.warmPoolRequests.inc({ result });
  }

  warmDiscarded(reason: string): void {
    this.warmDiscards.inc({ reason });
  }

  stepChecked(lab: string, result: CheckResult): void {
    this.stepChecks.inc({ lab, result });
  }

  bytesIn(n: number): void {
    this.terminalBytes.inc({ direction: 'in' }, n);
  }

  bytesOut(n: number): void {
    this.terminalBytes.inc({ direction: 'out' }, n);
  }
}

function sum<T>(sessions: { list(): ReadonlyArray<T> } | null, value: (s: T) => number): number {
  let n = 0;
  for (const s of sessions?.list() ?? []) n += value(s);
  return n;
}

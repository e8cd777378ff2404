/**
 * /readyz: can this process serve a new session right now? It can when it is
 * not shutting down, its sandbox driver works (driver.check(), which for
 * bubblewrap starts a throwaway namespace and for Docker pings the engine),
 * and its database takes a real write. /healthz only says the process is up.
 */
export interface ReadinessCheck {
  ok: boolean;
  /** What is wrong, for an operator, when not ok. */
  problem?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { accepting: ReadinessCheck; driver: ReadinessCheck; store: ReadinessCheck };
}

/**
 * A load balancer or Docker health check may ask every second; a driver
 * check spawns a process (bubblewrap) or calls the engine (Docker), so its
 * answer is reused for this long. Short enough that a broken driver takes a
 * server out of rotation within one or two health-check intervals.
 */
export const DRIVER_CHECK_CACHE_MS = 5_000;

/** A driver check that has not answered in this long counts as failed (a hung Docker socket). */
export const DRIVER_CHECK_TIMEOUT_MS = 3_000;

export interface ReadinessDeps {
  /** Null when the driver can work; otherwise what is wrong (SandboxDriver.check). */
  checkDriver(): Promise<string | null>;
  /** Throws when the store cannot be written (store/heartbeat.ts). */
  writeStore(): void;
  now?: () => number;
  /** Tests shorten it; DRIVER_CHECK_TIMEOUT_MS otherwise. */
  checkTimeoutMs?: number;
}

export class Readiness {
  private draining = false;
  private cached: { at: number; problem: Promise<string | null> } | null = null;

  constructor(private readonly deps: ReadinessDeps) {}

  /** SIGTERM: from now on the answer is "not ready", so balancers stop sending work. */
  markDraining(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const driverProblem = await this.driverProblem();
    let storeProblem: string | null = null;
    try {
      this.deps.writeStore();
    } catch (err) {
      storeProblem = `the database cannot be written: ${(err as Error).message}`;
    }
    const checks = {
      accepting: this.draining ? { ok: false, problem: 'the server is shutting down' } : { ok: true },
      driver: driverProblem ? { ok: false, problem: driverProblem } : { ok: true },
      store: storeProblem ? { ok: false, problem: storeProblem } : { ok: true },
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private driverProblem(): Promise<string | null> {
    const now = (this.deps.now ?? Date.now)();
    if (!this.cached || now - this.cached.at > DRIVER_CHECK_CACHE_MS) {
      this.cached = { at: now, problem: withTimeout(this.deps.checkDriver(), this.deps.checkTimeoutMs ?? DRIVER_CHECK_TIMEOUT_MS) };
    }
    return this.cached.problem;
  }
}

async function withTimeout(check: Promise<string | null>, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the sandbox driver's check did not answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([check.catch((err: unknown) => `the sandbox driver's check failed: ${String(err)}`), late]);
  } finally {
    clearTimeout(timer);
  }
}

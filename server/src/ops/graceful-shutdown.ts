/**
 * What SIGTERM does, in order, each step with a time budget so the whole is
 * bounded even when a sandbox will not die: stop accepting (and say "not
 * ready"), end every session (clients get a `shutdown` message and close
 * 1001, sandboxes are destroyed), release the driver, close the remaining
 * connections, then flush and close the database, which always happens.
 */
import type { Logger } from 'pino';

/**
 * Destroying a bubblewrap sandbox takes milliseconds and a Docker container
 * well under a second; 8 s covers a few hundred at once on a loaded host,
 * and stays inside Docker's and Kubernetes' default 10 s stop grace period
 * (after which they SIGKILL us and the store would not be flushed).
 */
export const SESSIONS_BUDGET_MS = 8_000;
/** The driver's own clean-up after the sessions (a cgroup sweep, removing a runtime dir). */
export const DRIVER_BUDGET_MS = 1_000;

export interface ShutdownSteps {
  /** Stop taking connections and sessions; /readyz answers 503 from here on. */
  stopAccepting(): void;
  endSessions(): Promise<void>;
  closeDriver(): Promise<void>;
  /** Close what is still open: WebSockets, keep-alive connections, the admin socket. */
  closeConnections(): void;
  /** Checkpoint the WAL and close the database. Synchronous (better-sqlite3). */
  flushStore(): void;
}

export interface ShutdownResult {
  /** False when a step ran out of time or failed: something may be left behind for the next start's sweep. */
  clean: boolean;
  durationMs: number;
}

export async function gracefulShutdown(
  steps: ShutdownSteps,
  log: Logger,
  budgets = { sessionsMs: SESSIONS_BUDGET_MS, driverMs: DRIVER_BUDGET_MS },
): Promise<ShutdownResult> {
  const started = performance.now();
  let clean = true;
  const step = async (name: string, budgetMs: number, run: () => Promise<void> | void) => {
    const outcome = await withBudget(run, budgetMs);
    if (outcome === 'ok') return;
    clean = false;
    if (outcome === 'late') log.error({ step: name, budgetMs }, `shutdown: ${name} did not finish in time; going on without it`);
    else log.error({ step: name, err: outcome.error }, `shutdown: ${name} failed; going on`);
  };
  await step('stop accepting', 0, steps.stopAccepting);
  await step('ending sessions', budgets.sessionsMs, steps.endSessions);
  await step('closing the driver', budgets.driverMs, steps.closeDriver);
  await step('closing connections', 0, steps.closeConnections);
  await step('flushing the store', 0, steps.flushStore);
  return { clean, durationMs: Math.round(performance.now() - started) };
}

/** Synchronous steps (budget 0) run to completion; async ones race their budget. */
async function withBudget(run: () => Promise<void> | void, budgetMs: number): Promise<'ok' | 'late' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = run();
    if (!(result instanceof Promise)) return 'ok';
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), budgetMs); });
    return await Promise.race([result.then(() => 'ok' as const), late]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

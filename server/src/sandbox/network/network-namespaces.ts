/**
 * Runs a NetworkPlan on the host (the server is root): builds a session's
 * namespaces, bridges and veth pairs, removes them, and sweeps what a dead
 * server left. The plan itself is topology-plan.ts.
 */
import fs from 'node:fs/promises';
import { runCommand } from '../run-command.js';
import { NETNS_DIR, netnsPrefix, planScript, type NetworkPlan, type PlanStep } from './topology-plan.js';

/** A few ip(8) batches of a few milliseconds each; 10 s means something is stuck. */
const PLAN_TIMEOUT_MS = 10_000;
const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

/** One shell runs all steps (one spawn instead of twenty), stopping at the first that fails (planScript). */
async function runAll(steps: PlanStep[], stopOnError: boolean): Promise<void> {
  if (steps.length === 0) return;
  const script = planScript(steps, stopOnError);
  const result = await runCommand({ file: '/bin/sh', args: ['-c', script], env: ENV }, { timeoutMs: PLAN_TIMEOUT_MS });
  if (stopOnError && (result.exitCode !== 0 || result.timedOut)) {
    throw new Error(result.timedOut ? 'building the lab network timed out' : result.stderr.trim() || `exit ${result.exitCode}`);
  }
}

/**
 * Runs `steps` of the plan's `up` (all of them by default; the namespaces
 * first and the wiring beside other work, see NetworkPlan.namespaceSteps).
 * On failure the caller removes the network.
 */
export async function applyNetworkSteps(steps: PlanStep[]): Promise<void> {
  await runAll(steps, true);
}

/** Idempotent: a namespace already gone is fine. */
export async function removeNetwork(plan: NetworkPlan): Promise<void> {
  await runAll(plan.down, false);
}

/** The namespaces of this server instance that exist now (all of them, after a crash). */
export async function leftoverNamespaces(instance: string): Promise<string[]> {
  const names = await fs.readdir(NETNS_DIR).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(netnsPrefix(instance)));
}

/**
 * Remove every namespace a previous server of this instance left. Its
 * processes died with it (--die-with-parent) or with their cgroups (the
 * cgroup sweep runs first), so nothing holds them any more.
 */
export async function sweepNamespaces(instance: string): Promise<string[]> {
  const names = await leftoverNamespaces(instance);
  await runAll([{ argv: ['ip', '-force', '-batch', '-'], batch: names.map((n) => ['netns', 'delete', n]) }], false);
  return names;
}

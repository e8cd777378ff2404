/**
 * Runs a NetworkPlan on the host (the server is root): builds a session's
 * namespaces, bridges and veth pairs, removes them, and sweeps what a dead
 * server left. The plan itself is topology-plan.ts.
 */
import fs from 'node:fs/promises';
import { runCommand } from '../run-command.js';
import { NETNS_DIR, netnsPrefix, type NetworkPlan } from './topology-plan.js';

/** ~40 ip(8) commands of a few milliseconds each; 10 s means something is stuck. */
const PLAN_TIMEOUT_MS = 10_000;
const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

/** Every argument of a plan is a name, address or sysctl we built, but quote anyway. */
function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * One shell runs all commands (one spawn instead of forty), stopping at the
 * first that fails and naming it.
 */
async function runAll(commands: string[][], stopOnError: boolean): Promise<void> {
  if (commands.length === 0) return;
  const lines = commands.map((argv) => {
    const line = argv.map(shellQuote).join(' ');
    return stopOnError ? `${line} || { echo "failed: ${argv.join(' ').replace(/["$`\\]/g, '')}" >&2; exit 1; }` : `${line} 2>/dev/null`;
  });
  const result = await runCommand({ file: '/bin/sh', args: ['-c', lines.join('\n')], env: ENV }, { timeoutMs: PLAN_TIMEOUT_MS });
  if (stopOnError && (result.exitCode !== 0 || result.timedOut)) {
    throw new Error(result.timedOut ? 'building the lab network timed out' : result.stderr.trim() || `exit ${result.exitCode}`);
  }
}

export async function applyNetworkPlan(plan: NetworkPlan): Promise<void> {
  try {
    await runAll(plan.up, true);
  } catch (err) {
    await removeNetwork(plan);
    throw err;
  }
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
  await runAll(names.map((n) => ['ip', 'netns', 'delete', n]), false);
  return names;
}

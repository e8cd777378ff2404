/**
 * The capacity plan as arithmetic on measured per-session costs: how many
 * concurrent learners a machine of a given size holds per driver, which
 * resource runs out first, and what a 1,000-learner workshop needs. The
 * assumptions about how learners behave are named constants, printed with
 * the plan.
 */
import type { DriverResult } from '../results.js';
import { MB } from '../stats.js';

export interface MachineSize {
  label: string;
  cores: number;
  memoryBytes: number;
}

const GiB = 1024 * MB;
export const MACHINE_SIZES: MachineSize[] = [
  { label: '2 cores / 4 GB', cores: 2, memoryBytes: 4 * GiB },
  { label: '8 cores / 32 GB', cores: 8, memoryBytes: 32 * GiB },
  { label: '32 cores / 128 GB', cores: 32, memoryBytes: 128 * GiB },
];

export const ASSUMPTIONS = {
  /** Kernel, page cache for /usr, sshd…: never handed to sandboxes. */
  osReserveBytes: 512 * MB,
  /** Share of the room at a compile's peak memory at the same moment (an instructor says "now build it"). */
  compilingAtOnce: 0.25,
  /** Each learner builds and runs a program about once a minute. */
  compilesPerMinute: 1,
  /** The one Node event loop carries every terminal: keep it this busy at most, or echo latency climbs. */
  eventLoopBudgetCores: 0.7,
  /** Cores left for sandboxes after the server's own loop, as a share of the rest. */
  cpuUsable: 0.8,
  /** Everyone typing at once is the worst minute of a workshop, and the one planned for. */
  typingAtOnce: 1,
  /** If the server were sharded (one process per this many cores, behind a proxy that routes by session id): not built yet. */
  coresPerServerProcess: 2,
  workshopLearners: 1000,
} as const;

export interface CapacityRow {
  machine: MachineSize;
  memoryBound: number;
  cpuBound: number;
  /** What one server process (one event loop) carries. */
  eventLoopBound: number;
  /** Today: one server process per machine. */
  learners: number;
  bottleneck: 'memory' | 'CPU' | 'event loop';
  workshopMachines: number;
  /** With one server process per coresPerServerProcess cores. */
  shardedLearners: number;
  shardedBottleneck: 'memory' | 'CPU' | 'event loop';
  shardedWorkshopMachines: number;
}

export interface PerLearner {
  memoryBytes: number;
  /** Cores of sandbox CPU, averaged over a minute of work. */
  sandboxCores: number;
  /** Cores of the server's event loop. */
  serverCores: number;
}

export function perLearner(d: DriverResult): PerLearner {
  const x = d.density;
  const idleBox = x.sandboxMemoryPerSessionBytes ?? 0;
  const peak = x.compile.peakMemoryBytes ?? idleBox;
  const memory = x.serverRssPerSessionBytes + idleBox + x.hostHelpersPerSessionBytes + ASSUMPTIONS.compilingAtOnce * Math.max(0, peak - idleBox);
  const compileCores = ((x.compile.cpuSeconds ?? x.compile.seconds) * ASSUMPTIONS.compilesPerMinute) / 60;
  return {
    memoryBytes: memory,
    sandboxCores: (x.sandboxCpuPerTypist ?? 0) * ASSUMPTIONS.typingAtOnce + compileCores,
    serverCores: x.serverCpuPerTypist * ASSUMPTIONS.typingAtOnce,
  };
}

export function capacity(d: DriverResult): CapacityRow[] {
  const per = perLearner(d);
  return MACHINE_SIZES.map((m) => {
    const memoryBound = Math.floor((m.memoryBytes - ASSUMPTIONS.osReserveBytes - d.density.serverBaseRssBytes) / per.memoryBytes);
    const cpuBound = Math.floor(((m.cores - ASSUMPTIONS.eventLoopBudgetCores) * ASSUMPTIONS.cpuUsable) / Math.max(per.sandboxCores, 1e-6));
    const eventLoopBound = Math.floor(ASSUMPTIONS.eventLoopBudgetCores / Math.max(per.serverCores, 1e-6));
    const loops = Math.max(1, Math.floor(m.cores / ASSUMPTIONS.coresPerServerProcess));
    const today = pick(memoryBound, cpuBound, eventLoopBound);
    // More loops leave fewer cores to the sandboxes.
    const shardedCpuBound = Math.floor((Math.max(0, m.cores - loops * ASSUMPTIONS.eventLoopBudgetCores) * ASSUMPTIONS.cpuUsable) / Math.max(per.sandboxCores, 1e-6));
    const sharded = pick(memoryBound, shardedCpuBound, eventLoopBound * loops);
    return {
      machine: m, memoryBound, cpuBound, eventLoopBound,
      learners: today.learners, bottleneck: today.bottleneck, workshopMachines: machinesFor(today.learners),
      shardedLearners: sharded.learners, shardedBottleneck: sharded.bottleneck, shardedWorkshopMachines: machinesFor(sharded.learners),
    };
  });
}

function pick(memory: number, cpu: number, loop: number): { learners: number; bottleneck: CapacityRow['bottleneck'] } {
  const learners = Math.max(0, Math.min(memory, cpu, loop));
  return { learners, bottleneck: learners === memory ? 'memory' : learners === loop ? 'event loop' : 'CPU' };
}

function machinesFor(learners: number): number {
  return learners > 0 ? Math.ceil(ASSUMPTIONS.workshopLearners / learners) : Number.POSITIVE_INFINITY;
}

/** The shape of bench/results/*.json: what the report, the chart and the CI test read. */
import type { BareResult } from './measure-bare-bwrap.js';
import type { DensityResult } from './measure-density.js';
import type { StallResult } from './measure-flood.js';
import type { PeerResult } from './measure-peer.js';
import type { StartResult } from './measure-start.js';
import type { FloodResult } from './flood-probe.js';
import type { MachineInfo } from './machine.js';
import type { BenchSettings } from './settings.js';
import type { Summary } from './stats.js';

export interface DriverResult {
  name: string;
  ran: true;
  bare: BareResult | null;
  /** Starts with the warm pool on, each once a warm sandbox was ready (the headline; `start.pool` says how many hit). */
  start: StartResult;
  /** The same on a server with no pool (SYSLAB_WARM_SANDBOXES=0): what every start costs when no warm sandbox is left. Absent in results from before the pool. */
  coldStart?: StartResult;
  /** The same for a lab with a network of hosts (labs/networking), when the driver builds them. */
  networkStart?: StartResult;
  echoMs: Summary;
  flood: FloodResult;
  /** flood MB/s ÷ the floor's. */
  floodVsFloor: number;
  stall: StallResult;
  density: DensityResult;
}

export type DriverOutcome = DriverResult | { name: string; ran: false; reason: string };

export interface BenchResults {
  schema: 1;
  mode: 'full' | 'quick';
  machine: MachineInfo;
  settings: BenchSettings;
  durationSeconds: number;
  floor: { echoMs: Summary; flood: FloodResult };
  drivers: DriverOutcome[];
  peer: PeerResult | { name: 'wetty'; ran: false; reason: string; version: string };
}

export function driverResult(r: BenchResults, name: string): DriverResult | null {
  const d = r.drivers.find((x) => x.name === name);
  return d && d.ran ? d : null;
}

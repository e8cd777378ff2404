/**
 * The targets of issue 7 on the 2-core machine, as data, checked against a
 * run's results. Reported, never asserted: the bench is not a timed test.
 */
import { driverResult, type BenchResults } from './results.js';
import { MB } from './stats.js';

export interface TargetCheck {
  figure: string;
  target: string;
  measured: string;
  /** null: could not be checked in this run (the figure is missing). */
  met: boolean | null;
}

export function checkTargets(r: BenchResults): TargetCheck[] {
  const bw = driverResult(r, 'bubblewrap');
  const peer = r.peer.ran ? r.peer : null;
  const checks: TargetCheck[] = [];
  const add = (figure: string, target: string, value: number | null | undefined, unit: string, ok: (v: number) => boolean) => {
    checks.push({
      figure, target,
      measured: value === null || value === undefined ? '—' : `${fmt(value)} ${unit}`,
      met: value === null || value === undefined ? null : ok(value),
    });
  };
  add('session start p50 (bubblewrap, warm pool)', '≤ 50 ms', bw?.start.firstByteMs.median, 'ms', (v) => v <= 50);
  add('session start p50 (bubblewrap, cold: no warm sandbox)', '≤ 50 ms', bw?.coldStart?.firstByteMs.median, 'ms', (v) => v <= 50);
  add('echo p99, idle server', '≤ 5 ms', bw?.echoMs.p99, 'ms', (v) => v <= 5);
  add(`echo p99, ${bw?.density.sessions ?? r.settings.idleSessions} idle sessions open`, '≤ 20 ms', bw?.density.echoWithIdleMs.p99, 'ms', (v) => v <= 20);
  add('flood, share of raw node-pty', '≥ 50 %', bw ? bw.floodVsFloor * 100 : null, '%', (v) => v >= 50);
  add('server memory growth, stalled client', '≤ 64 MB', bw ? bw.stall.growthBytes / MB : null, 'MB', (v) => v <= 64);
  if (!peer) {
    checks.push({ figure: 'ahead of wetty', target: 'every figure', measured: `wetty did not run: ${r.peer.ran ? '' : r.peer.reason}`, met: null });
  } else {
    add('start p50 vs wetty (warm pool; wetty has no sandbox to start)', '< 1× wetty', bw ? bw.start.firstByteMs.median / peer.startMs.median : null, '× wetty', (v) => v < 1);
    add('echo p50 vs wetty', '< 1× wetty', bw ? bw.echoMs.median / peer.echoMs.median : null, '× wetty', (v) => v < 1);
    add('echo p99 vs wetty', '< 1× wetty', bw ? bw.echoMs.p99 / peer.echoMs.p99 : null, '× wetty', (v) => v < 1);
    add('flood vs wetty', '> 1× wetty', bw ? bw.flood.mbPerSecond / peer.flood.mbPerSecond : null, '× wetty', (v) => v > 1);
  }
  return checks;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

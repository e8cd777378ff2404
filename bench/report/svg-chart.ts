/**
 * docs/performance.svg: for each figure, how many times the floor and the
 * peer syslab costs (log scale; 1× = as fast as the reference, left of it =
 * faster). Throughput is turned into time per byte, so "more is worse" reads
 * the same on every row.
 */
import { driverResult, type BenchResults } from '../results.js';

export interface RatioRow {
  figure: string;
  /** syslab ÷ floor (cost), null when not measured. */
  vsFloor: number | null;
  /** syslab ÷ wetty (cost), null when not measured. */
  vsPeer: number | null;
}

export function ratioRows(r: BenchResults): RatioRow[] {
  const bw = driverResult(r, 'bubblewrap');
  const peer = r.peer.ran ? r.peer : null;
  if (!bw) return [];
  const div = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b <= 0 ? null : a / b);
  return [
    { figure: 'start p50 (warm)', vsFloor: div(bw.start.firstByteMs.median, bw.bare?.ms.median), vsPeer: div(bw.start.firstByteMs.median, peer?.startMs.median) },
    { figure: 'start p99 (warm)', vsFloor: div(bw.start.firstByteMs.p99, bw.bare?.ms.p99), vsPeer: div(bw.start.firstByteMs.p99, peer?.startMs.p99) },
    ...(bw.coldStart ? [
      { figure: 'start p50 (cold)', vsFloor: div(bw.coldStart.firstByteMs.median, bw.bare?.ms.median), vsPeer: div(bw.coldStart.firstByteMs.median, peer?.startMs.median) },
    ] : []),
    { figure: 'echo p50', vsFloor: div(bw.echoMs.median, r.floor.echoMs.median), vsPeer: div(bw.echoMs.median, peer?.echoMs.median) },
    { figure: 'echo p99', vsFloor: div(bw.echoMs.p99, r.floor.echoMs.p99), vsPeer: div(bw.echoMs.p99, peer?.echoMs.p99) },
    { figure: 'flood (time per MB)', vsFloor: div(r.floor.flood.mbPerSecond, bw.flood.mbPerSecond), vsPeer: div(peer?.flood.mbPerSecond, bw.flood.mbPerSecond) },
  ];
}

const W = 760;
const LABEL_W = 170;
const ROW_H = 46;
const TOP = 56;
const MIN_RATIO = 0.1;
const MAX_RATIO = 100;
const COLORS = { floor: '#5b7fb5', peer: '#d08a3c' };

function x(ratio: number): number {
  const clamped = Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
  const span = Math.log10(MAX_RATIO) - Math.log10(MIN_RATIO);
  return LABEL_W + ((Math.log10(clamped) - Math.log10(MIN_RATIO)) / span) * (W - LABEL_W - 70);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

export function ratioChart(r: BenchResults): string {
  const rows = ratioRows(r);
  const h = TOP + rows.length * ROW_H + 40;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${h}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="20" font-size="14" font-weight="600">syslab (bubblewrap) ÷ the floor and ÷ wetty, log scale: left of 1× is faster</text>`);
  out.push(`<rect x="12" y="30" width="12" height="10" fill="${COLORS.floor}"/><text x="28" y="39">÷ floor (bare node-pty, bare bwrap)</text>`);
  out.push(`<rect x="250" y="30" width="12" height="10" fill="${COLORS.peer}"/><text x="266" y="39">÷ wetty ${esc(r.peer.ran ? r.peer.version : '(did not run)')}</text>`);
  for (const tick of [0.1, 1, 10, 100]) {
    const tx = x(tick);
    out.push(`<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${TOP + rows.length * ROW_H}" stroke="${tick === 1 ? '#222' : '#ddd'}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`);
    out.push(`<text x="${tx}" y="${TOP + rows.length * ROW_H + 16}" text-anchor="middle" fill="#555">${tick}×</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_H;
    out.push(`<text x="12" y="${y + 26}">${esc(row.figure)}</text>`);
    const bars: Array<[number | null, string, number]> = [[row.vsFloor, COLORS.floor, 6], [row.vsPeer, COLORS.peer, 24]];
    for (const [ratio, color, dy] of bars) {
      if (ratio === null) {
        out.push(`<text x="${x(1) + 4}" y="${y + dy + 11}" fill="#888">not measured</text>`);
        continue;
      }
      const x0 = x(1);
      const x1 = x(ratio);
      out.push(`<rect x="${Math.min(x0, x1)}" y="${y + dy}" width="${Math.max(1, Math.abs(x1 - x0))}" height="14" fill="${color}"/>`);
      out.push(`<text x="${Math.max(x0, x1) + 4}" y="${y + dy + 11}" fill="#222">${fmt(ratio)}</text>`);
    }
  });
  out.push(`<text x="12" y="${h - 8}" fill="#555">${esc(`${r.machine.cpuModel}, ${r.machine.cores} cores; load ${r.machine.loadStart.join(' ')}; ${r.machine.startedAt.slice(0, 16).replace('T', ' ')} UTC`)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

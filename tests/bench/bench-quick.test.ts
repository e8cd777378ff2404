/**
 * `npm run bench -- --quick` runs end to end and its JSON has every figure
 * with a sane value. No timing targets here (DESIGN: performance targets live
 * in the bench, never in a timed test): only that each measurement happened,
 * counted what it should, and produced numbers a report can use.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBlocks } from '../../bench/report/hand-written.js';
import { performanceMarkdown } from '../../bench/report/markdown.js';
import { ratioChart } from '../../bench/report/svg-chart.js';
import type { BenchResults, DriverResult } from '../../bench/results.js';
import type { Summary } from '../../bench/stats.js';
import { REPO } from '../support/server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-bench-test-'));
const out = path.join(dir, 'quick.json');
let results: BenchResults;
let printed = '';

function expectTiming(s: Summary, n: number, what: string) {
  expect(s.n, `${what}: samples`).toBe(n);
  expect(s.median, `${what}: median`).toBeGreaterThan(0);
  expect(s.p99, `${what}: p99 ≥ median`).toBeGreaterThanOrEqual(s.median);
  expect(s.max, `${what}: a minute is not a timing, it is a hang`).toBeLessThan(60_000);
}

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out, '--no-doc'], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env },
  });
  child.stdout.on('data', (b: Buffer) => { printed += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { printed += b.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`npm run bench -- --quick exited with ${code}:\n${printed.slice(-3000)}`);
  results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it('prints the machine and versions first, and the load average', () => {
    const head = printed.slice(0, printed.indexOf('peer: wetty'));
    for (const label of ['cpu', 'kernel', 'node', 'bwrap', 'docker', 'load']) expect(head).toMatch(new RegExp(`^${label}\\s`, 'm'));
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.loadStart).toHaveLength(3);
    expect(results.machine.loadEnd).toHaveLength(3);
    expect(results.mode).toBe('quick');
  });

  it('measures the floor: echo and flood on a bare node-pty', () => {
    expectTiming(results.floor.echoMs, results.settings.keystrokes, 'floor echo');
    expect(results.floor.flood.bytes).toBeGreaterThanOrEqual(results.settings.floodBytes);
    expect(results.floor.flood.mbPerSecond).toBeGreaterThan(0);
  });

  it('measures every figure on bubblewrap', () => {
    const bw = results.drivers.find((d) => d.name === 'bubblewrap');
    expect(bw, 'bubblewrap is in the driver list').toBeDefined();
    expect(bw!.ran, bw!.ran ? '' : (bw as { reason: string }).reason).toBe(true);
    const d = bw as DriverResult;
    const s = results.settings;
    expectTiming(d.bare!.ms, s.bareStarts, 'bare bwrap');
    expectTiming(d.start.firstByteMs, s.starts, 'start');
    expectTiming(d.start.apiMs, s.starts, 'POST → 201');
    // A warm sandbox is handed over in a millisecond or two, logged rounded: 0 is a real figure here.
    expect(d.start.sandboxMs.n, 'warm starts in the server log').toBe(s.starts);
    expect(d.start.sandboxMs.median).toBeGreaterThanOrEqual(0);
    expect(d.start.apiMs.median).toBeLessThanOrEqual(d.start.firstByteMs.median);
    // Warm starts wait for the pool's refill, so each finds a sandbox ready; the cold ones run on a server without a pool.
    expect(d.start.pool, 'the warm starts say what they found in the pool').toEqual({ hit: s.starts, wait: 0, miss: 0 });
    expectTiming(d.coldStart!.firstByteMs, s.starts, 'cold start');
    expectTiming(d.coldStart!.sandboxMs, s.starts, 'cold sandbox start (server log)');
    expect(d.coldStart!.pool, 'a server without a pool counts nothing').toBeNull();
    expect(printed).toMatch(/start, cold \(no pool\)/);
    expect(printed).toMatch(new RegExp(`start, warm pool .*${s.starts} hits`));
    // A lab with a network of hosts is built only by a root server (CI is root).
    if (process.getuid?.() === 0) expectTiming(d.networkStart!.firstByteMs, s.starts, 'start of a lab with a network');
    expectTiming(d.echoMs, s.keystrokes, 'echo');
    expect(d.flood.bytes).toBeGreaterThanOrEqual(s.floodBytes);
    expect(d.floodVsFloor).toBeGreaterThan(0);
    expect(d.stall.receivedBeforeStallBytes).toBeGreaterThan(0);
    expect(d.stall.baselineRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(d.stall.growthBytes).toBeGreaterThanOrEqual(0);
    const x = d.density;
    expect(x.sessions).toBe(s.idleSessions);
    expect(x.serverBaseRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Number.isFinite(x.serverRssPerSessionBytes)).toBe(true);
    expect(x.fdsPerSession).toBeGreaterThan(0);
    expectTiming(x.echoWithIdleMs, s.keystrokesUnderLoad, 'echo among idle sessions');
    expect(x.typists).toBe(s.typists);
    expect(x.typistEchoMs.n).toBeGreaterThanOrEqual(s.typists);
    expect(x.serverCpuPerTypist).toBeGreaterThanOrEqual(0);
    expect(x.compile.seconds).toBeGreaterThan(0);
    // Where the server can make cgroups (root, as CI runs), the sandbox side is measured too.
    if (process.getuid?.() === 0) {
      expect(x.sandboxMemoryPerSessionBytes).toBeGreaterThan(0);
      expect(x.pidsPerSession).toBeGreaterThan(0);
      expect(x.compile.peakMemoryBytes).toBeGreaterThan(x.sandboxMemoryPerSessionBytes!);
    }
  });

  it('says plainly why a driver or the peer was not measured, or measured it', () => {
    for (const d of results.drivers) {
      if (!d.ran) expect(d.reason.length, `${d.name}: a reason`).toBeGreaterThan(10);
      else expectTiming(d.start.firstByteMs, d.name === 'docker' ? results.settings.dockerStarts : results.settings.starts, `${d.name} start`);
      if (d.ran && d.name === 'docker') expect(d.density.hostHelpersPerSessionBytes, 'docker: shim and daemons per container').toBeGreaterThan(0);
    }
    expect(results.drivers.map((d) => d.name)).toContain('docker');
    const peer = results.peer;
    if (!peer.ran) {
      expect(peer.reason.length).toBeGreaterThan(10);
      expect(printed).toContain(peer.reason);
    } else {
      expectTiming(peer.startMs, results.settings.peerStarts, 'wetty start');
      expectTiming(peer.echoMs, results.settings.keystrokes, 'wetty echo');
      expect(peer.flood.bytes).toBeGreaterThanOrEqual(results.settings.floodBytes);
    }
  });

  it('makes a report and a chart from the results, keeping the hand-written blocks', () => {
    const previous = '<!-- hand-written:profiling -->\nWe found the batcher.\n<!-- /hand-written:profiling -->\n';
    const md = performanceMarkdown(results, extractBlocks(previous));
    expect(md).toContain('| figure | syslab, bubblewrap |');
    expect(md).toContain('![syslab as a multiple of the floor and of wetty](performance.svg)');
    expect(md).toContain('## Capacity plan');
    expect(extractBlocks(md).get('profiling')).toBe('We found the batcher.\n');
    expect(extractBlocks(md).has('capacity')).toBe(true);
    const svg = ratioChart(results);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const row of ['start p50 (warm)', 'start p50 (cold)', 'echo p50', 'echo p99', 'flood']) expect(svg).toContain(row);
    expect(md).toMatch(/session start, warm pool .* \| session start, cold|session start, cold \(no warm pool/s);
  });
});

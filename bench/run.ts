/**
 * `npm run bench`: measures syslab beside the floor (the same shell on a bare
 * node-pty, the sandbox with no server) and a peer (wetty), prints every
 * figure as median and p99, writes bench/results/latest.json and regenerates
 * docs/performance.md and docs/performance.svg from it.
 *
 *   npm run bench                 the full run (~4–6 min on 2 cores)
 *   npm run bench -- --quick      a small run that checks the bench works (CI)
 *   options: --out FILE  --no-doc  --doc  --no-peer  --drivers a,b
 *            --server-dir DIR (measure another checkout, e.g. "before")
 *            --profile DIR (server runs with --cpu-prof into DIR)
 *            --report-only FILE (no measuring: regenerate the doc from FILE)
 *            --only flood (just the flood, syslab on bubblewrap beside the floor
 *              and wetty, round by round with the load; no files written)
 *              --compare DIR adds another checkout's server to those rounds
 *   BENCH_SERVER_STDERR=1 shows the bench servers' stderr.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DRIVERS } from './drivers.js';
import { describeMachine, formatMachine, loadAverage } from './machine.js';
import { measureDensity } from './measure-density.js';
import { measureSessionEcho } from './measure-echo.js';
import { alternateFloods, floodTimeoutMs, measureSessionFlood, measureStall } from './measure-flood.js';
import { measureWettyStart, openWetty, WETTY_NOTE, type PeerResult } from './measure-peer.js';
import { measureStart, PROMPT, type StartResult } from './measure-start.js';
import type { WettyLink, WettyPeer } from './peer-wetty.js';
import { PtyFloorLink } from './pty-floor.js';
import { sideBySide, type Contestant, type SideBySideResult } from './side-by-side.js';
import { createSession, deleteSession } from './syslab-server.js';
import { SyslabLink } from './syslab-link.js';
import { waitForOutput, type TermLink } from './term-link.js';
import { writeReport } from './report/write-report.js';
import type { BenchResults, DriverOutcome } from './results.js';
import { FULL, QUICK } from './settings.js';
import { MB, round, type Summary } from './stats.js';
import { startBenchServer, type BenchServer } from './syslab-server.js';
import { checkTargets } from './targets.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    doc: { type: 'boolean' },
    'no-doc': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    drivers: { type: 'string' },
    'server-dir': { type: 'string' },
    profile: { type: 'string' },
    'report-only': { type: 'string' },
    only: { type: 'string' },
    compare: { type: 'string' },
  },
});

const say = (line = '') => process.stdout.write(`${line}\n`);
const ms = (s: Summary) => `median ${s.median.toFixed(2).padStart(8)} ms   p99 ${s.p99.toFixed(2).padStart(8)} ms   (n=${s.n})`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main() {
  if (opts['report-only']) {
    const results = JSON.parse(readFileSync(path.resolve(opts['report-only']), 'utf8')) as BenchResults;
    for (const f of writeReport(results, REPO)) say(`doc      ${path.relative(process.cwd(), f)}`);
    return;
  }
  if (opts.only !== undefined) {
    if (opts.only !== 'flood') throw new Error(`--only ${opts.only}: only "flood" can be measured alone`);
    await floodOnly();
    return;
  }
  const t0 = performance.now();
  const drivers: DriverOutcome[] = [];
  const mode = opts.quick ? 'quick' : 'full';
  const s = opts.quick ? QUICK : FULL;
  const serverDir = path.resolve(opts['server-dir'] ?? REPO);
  const machine = describeMachine(REPO);
  say(`syslab bench (${mode})${serverDir !== REPO ? ` — server from ${serverDir}` : ''}`);
  say(formatMachine(machine));
  say();

  // The floor and the peer stay open through the first driver's run: their
  // echo and flood alternate with syslab's (side-by-side.ts).
  const floorLink = PtyFloorLink.open();
  await waitForOutput(floorLink, PROMPT, 10_000, 'the floor prompt');
  say('peer: wetty');
  const wetty: WettyPeer | string = opts['no-peer'] ? 'skipped with --no-peer' : await openWetty(path.join(REPO, '.bench-peer'), (l) => say(`  ${l}`));
  let peerLink: WettyLink | null = null;
  let peerStartMs: Summary | null = null;
  const shared: Shared = { contestants: [{ name: 'floor', link: floorLink }], results: null };
  try {
    if (typeof wetty === 'string') {
      say(`  not measured: ${wetty}`);
    } else {
      peerStartMs = await measureWettyStart(wetty, s.peerStarts);
      say(`  start (connect → prompt) ${ms(peerStartMs)}`);
      peerLink = await wetty.open();
      await waitForOutput(peerLink, PROMPT, 20_000, 'wetty\'s prompt');
      shared.contestants.push({ name: 'wetty', link: peerLink });
    }
    say();

    const wanted = opts.drivers ? new Set(opts.drivers.split(',')) : null;
    for (const d of DRIVERS) {
      if (wanted && !wanted.has(d.name)) continue;
      say(`driver ${d.name}`);
      const why = await d.unavailable();
      if (why) {
        say(`  not measured: ${why}`);
        drivers.push({ name: d.name, ran: false, reason: why });
        say();
        continue;
      }
      try {
        drivers.push(await measureDriver(d.name, serverDir, s, d, shared));
      } catch (err) {
        const reason = (err as Error).message.split('\n')[0]!.slice(0, 400);
        say(`  not measured: ${reason}`);
        drivers.push({ name: d.name, ran: false, reason });
      }
      say();
    }
    // No driver ran: the floor and the peer are still measured.
    shared.results ??= await sideBySide(shared.contestants, sideBySideOptions(s));
  } finally {
    await floorLink.close();
    await peerLink?.close();
    if (typeof wetty !== 'string') await wetty.stop();
  }
  const floor = shared.results.get('floor')!;
  const peerSide = shared.results.get('wetty');
  say('floor: the same shell on a node-pty in this process');
  say(`  echo                     ${ms(floor.echoMs)}`);
  say(`  flood                    ${floor.flood.mbPerSecond} MB/s (${mb(floor.flood.bytes)} in ${floor.flood.seconds} s)`);
  const peer: PeerResult = typeof wetty === 'string' || !peerSide || !peerStartMs
    ? { name: 'wetty', version: '', ran: false, reason: typeof wetty === 'string' ? wetty : 'wetty stopped answering' }
    : { name: 'wetty', version: wetty.version, ran: true, startMs: peerStartMs, echoMs: peerSide.echoMs, flood: peerSide.flood, note: WETTY_NOTE };
  if (peer.ran) {
    say('peer: wetty');
    say(`  echo                     ${ms(peer.echoMs)}`);
    say(`  flood                    ${peer.flood.mbPerSecond} MB/s`);
  }
  for (const d of drivers) if (d.ran) d.floodVsFloor = round(d.flood.mbPerSecond / floor.flood.mbPerSecond, 3);
  say();

  machine.loadEnd = loadAverage();
  const results: BenchResults = {
    schema: 1, mode, machine, settings: s, durationSeconds: round((performance.now() - t0) / 1000, 1),
    floor: { echoMs: floor.echoMs, flood: floor.flood }, drivers, peer,
  };
  say('targets (2-core machine)');
  for (const c of checkTargets(results)) {
    say(`  ${c.met === null ? '  ?' : c.met ? ' ok' : 'MISS'}  ${c.figure.padEnd(42)} ${c.target.padEnd(12)} ${c.measured}`);
  }
  const out = path.resolve(opts.out ?? path.join(REPO, 'bench', 'results', opts.quick ? 'quick.json' : 'latest.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  say();
  say(`results  ${path.relative(process.cwd(), out)}`);
  if (opts.doc ?? (!opts.quick && !opts['no-doc'])) {
    const written = writeReport(results, REPO);
    for (const f of written) say(`doc      ${path.relative(process.cwd(), f)}`);
  }
  say(`load     ${machine.loadStart.join(' ')} at the start, ${machine.loadEnd.join(' ')} at the end; ${results.durationSeconds} s`);
}

/**
 * `--only flood`: syslab (bubblewrap), and with --compare another checkout,
 * flooding in turn with the floor and wetty, each round printed with the
 * load average. For before/after work on the output path; writes nothing.
 */
async function floodOnly() {
  const s = opts.quick ? QUICK : FULL;
  say(formatMachine(describeMachine(REPO)));
  const links: Array<{ name: string; link: TermLink }> = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const servers = [{ name: 'syslab', dir: path.resolve(opts['server-dir'] ?? REPO) }];
    if (opts.compare) servers.push({ name: `syslab (${path.basename(path.resolve(opts.compare))})`, dir: path.resolve(opts.compare) });
    for (const { name, dir } of servers) {
      const server = await startBenchServer({ serverDir: dir, driver: 'bubblewrap' });
      cleanups.push(() => server.stop());
      const session = await createSession(server);
      const link = await SyslabLink.open(server.url, session);
      cleanups.push(async () => { await link.close(); await deleteSession(server, session); });
      await waitForOutput(link, PROMPT, 20_000, `the prompt of ${name}`);
      links.push({ name, link });
    }
    const floorLink = PtyFloorLink.open();
    cleanups.push(() => floorLink.close());
    await waitForOutput(floorLink, PROMPT, 10_000, 'the floor prompt');
    links.push({ name: 'floor', link: floorLink });
    const wetty: WettyPeer | string = opts['no-peer'] ? 'skipped with --no-peer' : await openWetty(path.join(REPO, '.bench-peer'), (l) => say(`  ${l}`));
    if (typeof wetty === 'string') {
      say(`wetty not measured: ${wetty}`);
    } else {
      cleanups.push(() => wetty.stop());
      const peerLink = await wetty.open();
      cleanups.push(() => peerLink.close());
      await waitForOutput(peerLink, PROMPT, 20_000, 'wetty\'s prompt');
      links.push({ name: 'wetty', link: peerLink });
    }
    const perRound = Math.ceil(s.floodBytes / s.rounds);
    say(`flood: ${s.rounds} rounds of ${mb(perRound)} each, the order rotating; load average at the start ${loadAverage().join(' ')}`);
    const totals = await alternateFloods(links, s.rounds, perRound, (r) => {
      say(`  ${[...r.mbPerSecond].map(([n, v]) => `${n} ${v}`).join('   ')}   (MB/s; load ${r.load.toFixed(2)})`);
    });
    const floor = totals.get('floor')!.mbPerSecond;
    const wettyMbps = totals.get('wetty')?.mbPerSecond;
    for (const [name, f] of totals) {
      const ratios = name === 'floor' ? '' : `   ${(100 * f.mbPerSecond / floor).toFixed(0)} % of the floor${wettyMbps && name !== 'wetty' ? `, ${(f.mbPerSecond / wettyMbps).toFixed(2)}× wetty` : ''}`;
      say(`${name.padEnd(24)} ${String(f.mbPerSecond).padStart(6)} MB/s (${mb(f.bytes)} in ${f.seconds} s)${ratios}`);
    }
    say(`load average at the end ${loadAverage().join(' ')}`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

/** The floor and the peer, open; the first driver to run measures its echo and flood alternating with them. */
interface Shared {
  contestants: Contestant[];
  results: Map<string, SideBySideResult> | null;
}

function sideBySideOptions(s: typeof FULL) {
  return { rounds: s.rounds, keystrokes: s.keystrokes, keyGapMs: s.keyGapMs, floodBytes: s.floodBytes, floodTimeoutMs: floodTimeoutMs(s.floodBytes) };
}

async function measureDriver(name: string, serverDir: string, s: typeof FULL, d: (typeof DRIVERS)[number], shared: Shared): Promise<DriverOutcome> {
  let bare = null;
  try {
    bare = await d.bare(d.bareStarts(s));
    if (bare) say(`  bare sandbox (… true)    ${ms(bare.ms)}`);
  } catch (err) {
    say(`  bare sandbox: not measured (${(err as Error).message.split('\n')[0]})`);
  }
  const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.profile)}`] : [];
  // Cold first, on a server with no warm pool: every start makes its sandbox.
  let server: BenchServer = await startBenchServer({ serverDir, driver: name, nodeArgs, env: { SYSLAB_WARM_SANDBOXES: '0' } });
  let coldStart;
  try {
    coldStart = await measureStart(server, d.starts(s));
  } finally {
    await server.stop();
  }
  say(`  start, cold (no pool)    ${ms(coldStart.firstByteMs)}`);
  if (coldStart.failed > 0) say(`    FAILED STARTS          ${coldStart.failed}: ${coldStart.failures[0]}`);
  say(`    of which POST → 201    ${ms(coldStart.apiMs)}`);
  say(`    of which sandbox up    ${ms(coldStart.sandboxMs)} (the server's own timer)`);
  server = await startBenchServer({ serverDir, driver: name, nodeArgs });
  let start, networkStart, echoMs, flood, stall;
  try {
    start = await measureStart(server, d.starts(s), 'hello', true);
    say(`  start, warm pool         ${ms(start.firstByteMs)}   ${describePool(start.pool)}`);
    if (start.failed > 0) say(`    FAILED STARTS          ${start.failed}: ${start.failures[0]}`);
    say(`    of which POST → 201    ${ms(start.apiMs)}`);
    if (d.networkLab) {
      networkStart = await measureStart(server, d.starts(s), d.networkLab);
      say(`  start, ${d.networkLab} lab    ${ms(networkStart.firstByteMs)} (a network of hosts built too)`);
      if (networkStart.failed > 0) say(`    FAILED STARTS          ${networkStart.failed}: ${networkStart.failures[0]}`);
      say(`    of which sandbox up    ${ms(networkStart.sandboxMs)}`);
    }
    if (!shared.results) {
      const session = await createSession(server);
      const link = await SyslabLink.open(server.url, session);
      try {
        await waitForOutput(link, PROMPT, 20_000, 'the prompt');
        shared.results = await sideBySide([{ name: 'syslab', link }, ...shared.contestants], sideBySideOptions(s));
      } finally {
        await link.close();
        await deleteSession(server, session);
      }
      ({ echoMs, flood } = shared.results.get('syslab')!);
      say(`  echo                     ${ms(echoMs)}   (alternating with ${shared.contestants.map((c) => c.name).join(' and ')}, ${s.rounds} rounds)`);
    } else {
      echoMs = await measureSessionEcho(server, s.keystrokes, s.keyGapMs);
      say(`  echo                     ${ms(echoMs)}`);
      flood = await measureSessionFlood(server, s.floodBytes);
    }
    const floorMbps = shared.results.get('floor')!.flood.mbPerSecond;
    say(`  flood                    ${flood.mbPerSecond} MB/s = ${(100 * flood.mbPerSecond / floorMbps).toFixed(0)}% of the floor`);
    stall = await measureStall(server, s.stallSeconds);
    say(`  stalled client           server RSS +${mb(stall.growthBytes)} over ${stall.seconds} s (from ${mb(stall.baselineRssBytes)})`);
  } finally {
    await server.stop();
  }
  // Density on a fresh server, so its baseline is not the heap the flood left.
  server = await startBenchServer({ serverDir, driver: name, nodeArgs });
  let density;
  try {
    density = await measureDensity(server, {
      sessions: d.idleSessions(s), keystrokes: s.keystrokesUnderLoad, keyGapMs: s.keyGapMs,
      typists: s.typists, typingSeconds: s.typingSeconds, typingIntervalMs: s.typingIntervalMs, cgroupName: (id) => d.cgroupName(id), hostDaemons: d.hostDaemons,
    });
  } finally {
    await server.stop();
  }
  say(`  ${density.sessions} idle sessions opened in ${density.openSeconds} s`);
  say(`    server RSS / session   ${mb(density.serverRssPerSessionBytes)}   fds ${density.fdsPerSession}`);
  say(`    sandbox / session      ${density.sandboxMemoryPerSessionBytes === null ? 'no cgroup' : mb(density.sandboxMemoryPerSessionBytes)}   pids ${density.pidsPerSession ?? '?'}${density.hostHelpersPerSessionBytes ? `   host daemons ${mb(density.hostHelpersPerSessionBytes)}` : ''}`);
  say(`    echo among them        ${ms(density.echoWithIdleMs)}`);
  say(`  ${density.typists} typing at once        ${ms(density.typistEchoMs)}`);
  say(`    cpu per typist         server ${(density.serverCpuPerTypist * 100).toFixed(2)}% of a core, sandbox ${density.sandboxCpuPerTypist === null ? '?' : `${(density.sandboxCpuPerTypist * 100).toFixed(2)}%`}`);
  return {
    // floodVsFloor is set once the floor's figure is final (main).
    name, ran: true, bare, start, coldStart, ...(networkStart ? { networkStart } : {}), echoMs, flood, floodVsFloor: 0, stall, density,
  };
}

function describePool(pool: StartResult['pool']): string {
  if (!pool) return '(the server kept no warm pool: these are cold starts)';
  return `(each once the pool was refilled: ${pool.hit} hits, ${pool.wait} waited for a warm sandbox still starting, ${pool.miss} misses)`;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

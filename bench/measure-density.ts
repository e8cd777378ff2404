/**
 * Density: many idle sessions open at once (each with its socket attached,
 * as learners with a tab open), what each costs the server and its sandbox,
 * how one session's echo fares among them, and how echo holds while several
 * learners type at a human pace at once.
 */
import { oneKeystroke, measureEcho } from './echo-probe.js';
import { cgroupPeakMemory, cgroupUsage, cpuSeconds, fdCount, rssBytes, rssOfCommands } from './proc-stats.js';
import { round, summarize, type Summary } from './stats.js';
import { createSession, deleteSession, type BenchServer, type CreatedSession } from './syslab-server.js';
import { SyslabLink } from './syslab-link.js';
import { marker, sleep, waitForOutput } from './term-link.js';
import { PROMPT } from './measure-start.js';

export interface DensityOptions {
  sessions: number;
  keystrokes: number;
  keyGapMs: number;
  typists: number;
  typingSeconds: number;
  typingIntervalMs: number;
  /** A session's cgroup directory name (drivers.ts). */
  cgroupName(sessionId: string): Promise<string | null>;
  /** Host processes that serve this driver's sandboxes (Docker's daemons and shims), or null. */
  hostDaemons: RegExp | null;
}

export interface DensityResult {
  sessions: number;
  /** The server's RSS before any session (its fixed cost). */
  serverBaseRssBytes: number;
  /** Wall time to open them all (a few at a time), and what that makes per second. */
  openSeconds: number;
  serverRssPerSessionBytes: number;
  /** cgroup memory of one idle sandbox (null where the driver has no cgroup we can read). */
  sandboxMemoryPerSessionBytes: number | null;
  /** Host daemons' memory per session (dockerd, containerd, shims); 0 for bubblewrap. */
  hostHelpersPerSessionBytes: number;
  fdsPerSession: number;
  pidsPerSession: number | null;
  /** One session's echo while all the others sit idle. */
  echoWithIdleMs: Summary;
  typists: number;
  typistEchoMs: Summary;
  /** Cores the server spends per learner typing at the typists' pace. */
  serverCpuPerTypist: number;
  /** Cores a sandbox spends per typing learner (bash's readline). */
  sandboxCpuPerTypist: number | null;
  /** A lab step with the heavy tools (gcc, the program, gdb, python3): the sandbox's peak memory and the CPU it took. */
  compile: { peakMemoryBytes: number | null; cpuSeconds: number | null; seconds: number };
}

/** Sessions opened at once while filling the machine: a class arriving, not one burst. */
const OPEN_CONCURRENCY = 4;

interface Open {
  session: CreatedSession;
  link: SyslabLink;
  /** Its cgroup directory name, or null. */
  cgroup: string | null;
}

export async function measureDensity(server: BenchServer, o: DensityOptions): Promise<DensityResult> {
  await sleep(500);
  const rss0 = rssBytes(server.pid);
  const fds0 = fdCount(server.pid);
  const helpers0 = o.hostDaemons ? rssOfCommands(o.hostDaemons) : 0;
  const open: Open[] = [];
  const t0 = performance.now();
  try {
    await inBatches(o.sessions, OPEN_CONCURRENCY, async () => {
      const session = await createSession(server);
      const link = await SyslabLink.open(server.url, session);
      const entry: Open = { session, link, cgroup: null };
      open.push(entry);
      await waitForOutput(link, PROMPT, 60_000, 'the prompt');
      entry.cgroup = await o.cgroupName(session.id);
    });
    const openSeconds = (performance.now() - t0) / 1000;
    await sleep(2000); // let every shell settle into its idle read()
    const n = open.length;
    const usages = open.map((s) => usageOf(s));
    const withCgroup = usages.filter((u) => u !== null);
    const result: Omit<DensityResult, 'echoWithIdleMs' | 'typistEchoMs' | 'serverCpuPerTypist' | 'sandboxCpuPerTypist' | 'typists' | 'compile'> = {
      sessions: n,
      serverBaseRssBytes: rss0,
      openSeconds: round(openSeconds),
      serverRssPerSessionBytes: Math.round((rssBytes(server.pid) - rss0) / n),
      sandboxMemoryPerSessionBytes: withCgroup.length ? Math.round(withCgroup.reduce((a, u) => a + u.memoryBytes, 0) / withCgroup.length) : null,
      hostHelpersPerSessionBytes: o.hostDaemons ? Math.max(0, Math.round((rssOfCommands(o.hostDaemons) - helpers0) / n)) : 0,
      fdsPerSession: round((fdCount(server.pid) - fds0) / n, 2),
      pidsPerSession: withCgroup.length ? round(withCgroup.reduce((a, u) => a + u.pids, 0) / withCgroup.length, 2) : null,
    };

    const echoWithIdleMs = summarize(await measureEcho(open[0]!.link, { keystrokes: o.keystrokes, gapMs: o.keyGapMs }));
    const compile = await compileInSandbox(open[0]!);

    const typing = open.slice(1, 1 + o.typists);
    const cpu0 = cpuSeconds(server.pid);
    const box0 = typing.map((s) => usageOf(s)?.cpuSeconds ?? null);
    const tType = performance.now();
    const latencies = (await Promise.all(typing.map((s) => typeLikeAPerson(s.link, o.typingSeconds, o.typingIntervalMs)))).flat();
    const elapsed = (performance.now() - tType) / 1000;
    const serverCpu = cpuSeconds(server.pid) - cpu0;
    const box1 = typing.map((s) => usageOf(s)?.cpuSeconds ?? null);
    const boxDelta = box1.every((v, i) => v !== null && box0[i] !== null)
      ? box1.reduce<number>((a, v, i) => a + (v! - box0[i]!), 0) : null;
    return {
      ...result,
      echoWithIdleMs,
      typists: typing.length,
      typistEchoMs: summarize(latencies),
      serverCpuPerTypist: round(serverCpu / elapsed / Math.max(1, typing.length), 5),
      sandboxCpuPerTypist: boxDelta === null ? null : round(boxDelta / elapsed / Math.max(1, typing.length), 5),
      compile,
    };
  } finally {
    await inBatches(open.length, 8, async (i) => {
      const s = open[i]!;
      await s.link.close();
      await deleteSession(server, s.session);
    });
  }
}

/**
 * A lab step with the heavy tools: write a small C program, build it with
 * gcc -O2, run it, run it under gdb, start python3. Its peak memory and CPU
 * stand for a learner at work (the capacity plan's active learner).
 */
const COMPILE = `printf '#include <stdio.h>\\nint main(void){puts("hi");return 0;}\\n' > /tmp/bench.c && gcc -O2 -o /tmp/bench /tmp/bench.c && /tmp/bench`
  + ` && { gdb -q -batch -ex run /tmp/bench >/dev/null 2>&1; python3 -c 'import json, re, collections' ; true; }`;

async function compileInSandbox(s: Open): Promise<DensityResult['compile']> {
  const cpu0 = usageOf(s)?.cpuSeconds ?? null;
  const end = marker();
  const t0 = performance.now();
  const done = waitForOutput(s.link, end.printed, 60_000, 'the compile to finish');
  s.link.write(`${COMPILE}; echo ${end.typed}\r`);
  await done;
  const seconds = round((performance.now() - t0) / 1000);
  const cpu1 = usageOf(s)?.cpuSeconds ?? null;
  return { peakMemoryBytes: (s.cgroup ? cgroupPeakMemory(s.cgroup) : null), cpuSeconds: cpu0 === null || cpu1 === null ? null : round(cpu1 - cpu0, 4), seconds };
}

/** One learner typing: a key every ~interval (±50% so typists do not march in step), each echo timed. */
async function typeLikeAPerson(link: SyslabLink, seconds: number, intervalMs: number): Promise<number[]> {
  await sleep(Math.random() * intervalMs);
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < until) {
    samples.push(await oneKeystroke(link, i++ % 2 === 0 ? 'a' : '\x7f'));
    await sleep(intervalMs * (0.5 + Math.random()));
  }
  return samples;
}

function usageOf(s: Open) {
  return s.cgroup ? cgroupUsage(s.cgroup) : null;
}

/** Runs task(0..count-1) with at most `concurrency` in flight. */
async function inBatches(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

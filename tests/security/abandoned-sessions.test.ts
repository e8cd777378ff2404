/**
 * SECURITY.md #11, abandoned sessions and server crashes, with real
 * sandboxes: an idle session is reaped on time and its sandbox goes with it,
 * one past its maximum age ends even with a terminal open, and after kill -9
 * and a restart nothing of the dead server is left (sandboxes, cgroups,
 * mounts, a lab network's namespaces) while learners keep their progress and
 * workshops their rosters and results. (The reaper's logic is also unit-tested against the fake
 * driver in tests/sessions/session-faults.test.ts; the orphan sweep in
 * tests/server/lifecycle.test.ts.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { survivors } from '../sandbox/sandbox-harness.js';
import { createSession, startServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { bwrapCount, PROMPT, sandboxCgroups, sandboxProcesses, sleep } from './security-support.js';

async function status(url: string, id: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } })).status;
}

describe('abandoned sessions (SECURITY.md #11)', () => {
  it('an idle session is reaped on time with its sandbox; an attached one is not; past its maximum age even an attached one ends (4000)', async () => {
    const server = await startServer({ env: { SYSLAB_SESSION_IDLE_SECONDS: '1', SYSLAB_SESSION_MAX_AGE_SECONDS: '6' } });
    try {
      const idle = await createSession(server);
      const kept = await createSession(server);
      const keptTerm = await TerminalClient.connect(server.url, kept.id, { token: kept.token });
      await keptTerm.waitFor(PROMPT, 15_000);
      const idleTerm = await TerminalClient.connect(server.url, idle.id, { token: idle.token });
      await idleTerm.waitFor(PROMPT, 15_000);
      expect(sandboxCgroups(server.dataDir).sort()).toEqual([idle.id, kept.id].sort());

      // The learner closes the tab: from now on nobody is attached and nothing is typed.
      idleTerm.close();
      await idleTerm.waitClosed();
      const closedAt = performance.now();
      while (await status(server.url, idle.id, idle.token) === 200 && performance.now() - closedAt < 5000) await sleep(50);
      const reapedAfter = performance.now() - closedAt;
      console.log(`[security #11] idle limit 1 s: session reaped ${reapedAfter.toFixed(0)} ms after its terminal closed`);
      expect(await status(server.url, idle.id, idle.token)).toBe(404);
      expect(reapedAfter).toBeGreaterThan(900);
      expect(reapedAfter).toBeLessThan(3500);
      expect(sandboxCgroups(server.dataDir)).toEqual([kept.id]);
      expect(bwrapCount(server.pid)).toBe(1);

      // Attached, it outlives the idle limit…
      expect(await keptTerm.run('echo still-here')).toContain('still-here');
      expect(await status(server.url, kept.id, kept.token)).toBe(200);
      // …but not its maximum age.
      expect(await keptTerm.waitClosed(10_000)).toBe(4000);
      expect(keptTerm.closeReason).toMatch(/maximum age/);
      // Sockets are told first; the session is gone once its sandbox is.
      const closedAgedAt = performance.now();
      while (await status(server.url, kept.id, kept.token) === 200 && performance.now() - closedAgedAt < 5000) await sleep(50);
      expect(await status(server.url, kept.id, kept.token)).toBe(404);
      expect(sandboxCgroups(server.dataDir)).toEqual([]);
      expect(bwrapCount(server.pid)).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('after kill -9 and a restart: progress and workshop results are kept, and once stopped no sandbox, cgroup, network namespace, runtime directory or mount is left', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-crash-'));
    const instance = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
    const runtimeDir = `/run/syslab-${instance}`;
    const namespaces = () => (existsSync('/run/netns') ? readdirSync('/run/netns') : []).filter((n) => n.startsWith(`syslab-${instance}-`));
    const instructorKey = 'crash-test-instructor-key-0123456789abcdef';
    const env = { SYSLAB_INSTRUCTOR_KEY: instructorKey };
    const asInstructor = { authorization: `Bearer ${instructorKey}`, 'content-type': 'application/json' };
    try {
      const first = await startServer({ dataDir, env });
      const created = await fetch(`${first.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lab":"hello"}' });
      const s = (await created.json()) as { id: string; token: string; learner: string };
      const term = await TerminalClient.connect(first.url, s.id, { token: s.token });
      await term.run("echo 'hello, shell' > hello.txt");
      const check = await fetch(`${first.url}/api/sessions/${s.id}/steps/1/check`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` } });
      expect(await check.json()).toMatchObject({ passed: true });

      // A workshop: a learner joins, passes hello's first step and hands in the quiz.
      const made = await fetch(`${first.url}/api/workshops`, { method: 'POST', headers: asInstructor, body: '{"title":"Crash room","labs":["hello","networking"]}' });
      const workshop = (await made.json()) as { id: string; code: string };
      const joined = await fetch(`${first.url}/api/workshops/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: workshop.code, name: 'Ana' }) });
      const ana = (await joined.json()) as { learner: string };
      const asAna = { 'x-syslab-learner': ana.learner, 'content-type': 'application/json' };
      // First a session with a lab network: namespaces the dead server cannot remove. Then hello,
      // the lab the dashboard shows (the latest one opened).
      const networked = (await (await fetch(`${first.url}/api/participant/sessions`, { method: 'POST', headers: asAna, body: '{"lab":"networking"}' })).json()) as { id: string };
      expect(networked.id).toMatch(/^s/);
      expect(namespaces().length).toBeGreaterThan(1);
      const anaSession = (await (await fetch(`${first.url}/api/participant/sessions`, { method: 'POST', headers: asAna, body: '{"lab":"hello"}' })).json()) as { id: string; token: string };
      const anaTerm = await TerminalClient.connect(first.url, anaSession.id, { token: anaSession.token });
      await anaTerm.run("echo 'hello, shell' > hello.txt");
      const anaCheck = await fetch(`${first.url}/api/sessions/${anaSession.id}/steps/1/check`, { method: 'POST', headers: { authorization: `Bearer ${anaSession.token}` } });
      expect(await anaCheck.json()).toMatchObject({ passed: true });
      const quiz = await fetch(`${first.url}/api/sessions/${anaSession.id}/quiz`, {
        method: 'POST', headers: { authorization: `Bearer ${anaSession.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ answers: { ampersand: 1, 'sleep-seconds': 120 } }),
      });
      const graded = (await quiz.json()) as { score: number; max: number };
      const dashboard = async (url: string) => ((await (await fetch(`${url}/api/workshops/${workshop.id}`, { headers: asInstructor })).json()) as {
        participants: { name: string; lab: string; stepsPassed: number; quizScore: number | null }[];
      }).participants.map((p) => ({ name: p.name, lab: p.lab, stepsPassed: p.stepsPassed, quizScore: p.quizScore }));
      const before = await dashboard(first.url);
      expect(before).toEqual([{ name: 'Ana', lab: 'hello', stepsPassed: 1, quizScore: graded.score }]);
      const results = async (url: string) => {
        const { generatedAt: _, ...rest } = (await (await fetch(`${url}/api/workshops/${workshop.id}/results`, { headers: asInstructor })).json()) as Record<string, unknown>;
        return rest;
      };
      const resultsBefore = await results(first.url);
      expect(resultsBefore).toMatchObject({ labs: expect.arrayContaining([expect.objectContaining({ lab: 'hello', submitted: 1 })]) });

      const pids = sandboxProcesses(first.pid);
      expect(existsSync(runtimeDir)).toBe(true);

      await first.kill9();
      expect(await survivors(pids)).toEqual([]);

      const second = await startServer({ dataDir, env });
      try {
        expect(sandboxCgroups(dataDir)).toEqual([]);
        expect(namespaces()).toEqual([]);
        expect(await dashboard(second.url)).toEqual(before);
        expect(await results(second.url)).toEqual(resultsBefore);
        const again = await fetch(`${second.url}/api/sessions`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-syslab-learner': s.learner }, body: '{"lab":"hello"}',
        });
        const s2 = (await again.json()) as { id: string; token: string };
        const progress = await fetch(`${second.url}/api/sessions/${s2.id}/progress`, { headers: { authorization: `Bearer ${s2.token}` } });
        expect(await progress.json()).toMatchObject({ passed: [1] });
      } finally {
        expect(await second.stop()).toBe(0);
      }
      expect(sandboxCgroups(dataDir)).toEqual([]);
      expect(namespaces()).toEqual([]);
      expect(existsSync(runtimeDir)).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(runtimeDir);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

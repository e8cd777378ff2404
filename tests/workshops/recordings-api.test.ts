/**
 * Recording through the real server: a workshop learner's real session (a
 * sandbox, a pty) is recorded as asciicast v2 while they type; the cast is
 * fetched by the instructor, parsed, and holds what the terminal showed; it
 * survives a crash of the server; learners and strangers cannot fetch it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingSummary, SessionRecordingState } from '../../common/src/results-api.js';
import { parseAsciicast } from '../../server/src/recording/asciicast.js';
import { RecordingLimits } from '../../server/src/recording/recording-limits.js';
import { startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { call, createWorkshop, join, startLab, TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';

const key = TEST_INSTRUCTOR_KEY;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-recordings-'));
  server = await startServer({ dataDir, env: { SYSLAB_INSTRUCTOR_KEY: key } });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const recordings = async (workshopId: string, query = '') =>
  (await call<RecordingSummary[]>(server, 'GET', `/api/workshops/${workshopId}/recordings${query}`, { key })).body;
const isRecorded = async (sessionId: string, token: string) =>
  (await call<SessionRecordingState>(server, 'GET', `/api/sessions/${sessionId}/recording`, { headers: { authorization: `Bearer ${token}` } })).body.recording;

/** Polls until `check` passes: a recording's row is finished just after its session ends. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('recording a workshop session', () => {
  it('records what the terminal shows, as asciicast v2 the instructor can fetch once the session ends', async () => {
    const w = await createWorkshop(server, ['hello']);
    const ana = await join(server, w.code, 'Ana');
    const s = await startLab(server, ana.learner);
    expect(await isRecorded(s.id, s.token)).toBe(true);

    const terminal = await TerminalClient.connect(server.url, s.id, { token: s.token });
    await terminal.waitForMessage('hello');
    terminal.control({ type: 'resize', cols: 100, rows: 30 });
    // Output the learner did not type: the shell computed it, so only a recording of output holds it.
    await terminal.run('echo recorded-$((6*7))');
    // Multibyte characters, some of them printed a byte at a time so they reach the pty split.
    await terminal.run("printf 'h\\303\\251llo \\346\\227\\245\\346\\234\\254 '; for b in '\\360' '\\237' '\\220' '\\247'; do printf \"$b\"; sleep 0.05; done; echo");

    // Passing a step leaves a marker the player can jump to.
    await terminal.run("echo 'hello, shell' > ~/hello.txt");
    expect((await call(server, 'POST', `/api/sessions/${s.id}/steps/1/check`, { headers: { authorization: `Bearer ${s.token}` } }, {})).body)
      .toMatchObject({ passed: true });

    const running = await recordings(w.id);
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({ participant: { id: ana.participant.id, name: 'Ana' }, lab: 'hello', labTitle: 'Hello, shell', sessionId: s.id, endedAt: null, workshopId: w.id });

    terminal.close();
    expect((await call(server, 'DELETE', `/api/sessions/${s.id}`, { headers: { authorization: `Bearer ${s.token}` } })).status).toBe(204);
    const [done] = await eventually(() => recordings(w.id), (list) => list[0]?.endedAt !== null, 'the recording to finish');
    expect(done).toMatchObject({ endReason: 'destroyed', stopped: null });
    expect(done!.bytes).toBeGreaterThan(100);

    const res = await fetch(`${server.url}${done!.castPath}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-asciicast/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(done!.bytes);

    const cast = parseAsciicast(text);
    expect(cast.header).toMatchObject({ version: 2, width: 80, height: 24, title: expect.stringContaining('Ana') });
    expect(cast.header.timestamp).toBeGreaterThan(Date.parse('2025-01-01') / 1000);
    expect(cast.events).toContainEqual([expect.any(Number), 'm', 'step 1 passed: Make a file']);
    const codes = new Set(cast.events.map(([, code]) => code));
    expect(codes.has('i')).toBe(false);
    expect(cast.events).toContainEqual([expect.any(Number), 'r', '100x30']);
    const output = cast.events.filter(([, code]) => code === 'o').map(([, , data]) => data).join('');
    expect(output).toContain('recorded-42');
    expect(output).toContain('héllo 日本 🐧');
    expect(output).not.toContain('\uFFFD');
    const times = cast.events.map(([t]) => t);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    // Files are the server's alone, like the database.
    expect(statSync(path.join(dataDir, 'recordings', w.id)).mode & 0o777).toBe(0o700);

    const download = await fetch(`${server.url}${done!.castPath}?download=1`, { headers: { authorization: `Bearer ${key}` } });
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="syslab-hello-.*\.cast"$/);
    expect((await call(server, 'GET', `/api/recordings/${done!.id}`, { key })).body).toEqual(done);
    expect(await recordings(w.id, `?participant=${ana.participant.id}`)).toEqual([done]);
  });

  it('refuses the recordings to learners (403) and strangers (401), and answers 4xx to bad ids and queries', async () => {
    const w = await createWorkshop(server, ['hello']);
    const bo = await join(server, w.code, 'Bo');
    const s = await startLab(server, bo.learner);
    const [rec] = await recordings(w.id);
    expect(rec).toBeDefined();
    for (const path of [rec!.castPath, `/api/recordings/${rec!.id}`, `/api/workshops/${w.id}/recordings`]) {
      expect((await call(server, 'GET', path, { learner: bo.learner })).status).toBe(403);
      expect((await call(server, 'GET', path, {})).status).toBe(401);
    }
    // The learner's own session credential does not open the instructor's routes either.
    expect((await call(server, 'GET', rec!.castPath, { headers: { authorization: `Bearer ${s.token}` } })).status).toBe(401);
    expect((await call(server, 'GET', '/api/recordings/00000000-0000-4000-8000-000000000000.cast', { key })).status).toBe(404);
    expect((await call(server, 'GET', '/api/recordings/..%2F..%2Fsyslab.db.cast', { key })).status).toBe(404);
    expect((await call(server, 'GET', `/api/workshops/${w.id}/recordings?participant=nobody`, { key })).status).toBe(400);
    expect((await call(server, 'GET', `/api/workshops/${w.id}/recordings?extra=1`, { key })).status).toBe(400);
    expect((await call(server, 'PUT', `/api/workshops/${w.id}/recording`, { key }, { enabled: 'no' })).status).toBe(400);
    expect((await call(server, 'GET', '/api/workshops/wnotaworkshopatall/recordings', { key })).status).toBe(404);
    await call(server, 'DELETE', `/api/sessions/${s.id}`, { headers: { authorization: `Bearer ${s.token}` } });
  });

  it('turning recording off stops the running recordings and records no new session; a solo learner is not recorded', async () => {
    const w = await createWorkshop(server, ['hello']);
    const cy = await join(server, w.code, 'Cy');
    const first = await startLab(server, cy.learner);
    expect((await call(server, 'GET', `/api/workshops/${w.id}/recording`, { key })).body).toEqual({ enabled: true });

    expect((await call(server, 'PUT', `/api/workshops/${w.id}/recording`, { key }, { enabled: false })).body).toEqual({ enabled: false });
    const [stopped] = await recordings(w.id);
    expect(stopped).toMatchObject({ sessionId: first.id, endReason: 'stopped', stopped: 'the instructor turned recording off' });
    expect(await isRecorded(first.id, first.token)).toBe(false);
    await call(server, 'DELETE', `/api/sessions/${first.id}`, { headers: { authorization: `Bearer ${first.token}` } });

    const second = await startLab(server, cy.learner);
    expect(await isRecorded(second.id, second.token)).toBe(false);
    expect(await recordings(w.id)).toHaveLength(1);
    await call(server, 'DELETE', `/api/sessions/${second.id}`, { headers: { authorization: `Bearer ${second.token}` } });

    const solo = await call<{ id: string; token: string }>(server, 'POST', '/api/sessions', {}, { lab: 'hello' });
    expect(solo.status).toBe(201);
    expect(await isRecorded(solo.body.id, solo.body.token)).toBe(false);
    expect((await call<RecordingSummary[]>(server, 'GET', '/api/recordings', { key })).body).toEqual([]);
    await call(server, 'DELETE', `/api/sessions/${solo.body.id}`, { headers: { authorization: `Bearer ${solo.body.token}` } });
  });

  it('the replay page alone may compile WebAssembly (the player\'s emulator); other pages keep the strict policy', async () => {
    const scriptSrc = async (path: string) => {
      const csp = (await fetch(`${server.url}${path}`)).headers.get('content-security-policy') ?? '';
      return csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    };
    expect(await scriptSrc('/recordings/00000000-0000-4000-8000-000000000000')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(await scriptSrc('/labs/hello')).toBe("script-src 'self'");
    expect(await scriptSrc('/workshops/wabc/results')).toBe("script-src 'self'");
    const replay = (await fetch(`${server.url}/recordings/x`)).headers.get('content-security-policy') ?? '';
    expect(replay).toContain("default-src 'self'");
    expect(replay).toContain("frame-ancestors 'none'");
    expect(replay).not.toContain("'unsafe-eval'");
    expect(replay).not.toContain("'unsafe-inline'");
  });

  it('a flood stops the recording at its size limit with a notice; the session goes on unrecorded and the badge goes', async () => {
    const w = await createWorkshop(server, ['hello']);
    const fay = await join(server, w.code, 'Fay');
    const s = await startLab(server, fay.learner);
    const terminal = await TerminalClient.connect(server.url, s.id, { token: s.token });
    // Just past 16 MiB of output (asciicast adds a little per event).
    await terminal.run(`yes "the quick brown fox jumps over the lazy dog 0123456789" | head -c ${Math.round(RecordingLimits.MAX_FILE_BYTES * 1.05)}`, 120_000);
    await terminal.run('echo still-here-$((40+2))');
    const [rec] = await recordings(w.id);
    expect(rec).toMatchObject({ stopped: `it reached its size limit of 16 MiB`, endReason: 'stopped' });
    expect(rec!.bytes).toBeLessThanOrEqual(RecordingLimits.MAX_FILE_BYTES);
    expect(await isRecorded(s.id, s.token)).toBe(false);
    const cast = parseAsciicast(await (await fetch(`${server.url}${rec!.castPath}`, { headers: { authorization: `Bearer ${key}` } })).text());
    expect(cast.events.at(-2)).toEqual([expect.any(Number), 'm', 'recording stopped: it reached its size limit of 16 MiB']);
    expect(cast.events.at(-1)![2]).toContain('Recording stopped');
    terminal.close();
    await call(server, 'DELETE', `/api/sessions/${s.id}`, { headers: { authorization: `Bearer ${s.token}` } });
  });

  it('a server stopped with SIGTERM finishes its recordings before it closes the database', async () => {
    const w = await createWorkshop(server, ['hello']);
    const eve = await join(server, w.code, 'Eve');
    const s = await startLab(server, eve.learner);
    const terminal = await TerminalClient.connect(server.url, s.id, { token: s.token });
    await terminal.run('echo until-sigterm-$((3*3))');
    expect(await server.stop()).toBe(0);

    server = await startServer({ dataDir, env: { SYSLAB_INSTRUCTOR_KEY: key } });
    const [rec] = await recordings(w.id);
    expect(rec).toMatchObject({ sessionId: s.id, endReason: 'shutdown', stopped: null });
    const text = await (await fetch(`${server.url}${rec!.castPath}`, { headers: { authorization: `Bearer ${key}` } })).text();
    expect(rec!.bytes).toBe(Buffer.byteLength(text));
    const cast = parseAsciicast(text);
    expect(cast.events.filter(([, c]) => c === 'o').map(([, , d]) => d).join('')).toContain('until-sigterm-9');
    expect(cast.events.filter(([, c, d]) => c === 'm' && d.includes('interrupted'))).toEqual([]);
  });

  it('a recording survives the server being killed: the file stays, the index closes it at the next start', async () => {
    const w = await createWorkshop(server, ['hello']);
    const di = await join(server, w.code, 'Di');
    const s = await startLab(server, di.learner);
    const terminal = await TerminalClient.connect(server.url, s.id, { token: s.token });
    await terminal.run('echo before-the-crash-$((2+3))');
    // Lines reach the disk in batches at most a second apart (recording-limits.ts).
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill9();

    server = await startServer({ dataDir, env: { SYSLAB_INSTRUCTOR_KEY: key } });
    const [rec] = await recordings(w.id);
    expect(rec).toMatchObject({ sessionId: s.id, endReason: 'interrupted' });
    expect(rec!.endedAt).not.toBeNull();
    const text = await (await fetch(`${server.url}${rec!.castPath}`, { headers: { authorization: `Bearer ${key}` } })).text();
    const cast = parseAsciicast(text);
    expect(cast.events.filter(([, c]) => c === 'o').map(([, , d]) => d).join('')).toContain('before-the-crash-5');
    expect(cast.events.at(-1)).toEqual([expect.any(Number), 'm', 'recording interrupted: the server stopped']);
    expect(rec!.bytes).toBe(Buffer.byteLength(text));
  });
});

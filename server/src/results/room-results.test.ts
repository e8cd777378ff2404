import { describe, expect, it } from 'vitest';
import type { Question } from '../labs/lab-schema.js';
import { EXPORT_CSV_HEADER, exportCsv, workshopExport, workshopResults, type RoomRecord } from './room-results.js';
import { parseCsv } from './csv-reader-fixture.js';

const quiz: Question[] = [
  { id: 'amp', type: 'single', prompt: 'What does `&` do?', explanation: '', choices: ['runs twice', 'background'], answer: 1 },
  { id: 'secs', type: 'numeric', prompt: 'Seconds in 2m?', explanation: '', answer: 120, tolerance: 0 },
];
const NOW = new Date('2026-11-21T09:00:00.000Z');

function room(names: string[]): RoomRecord {
  return {
    workshop: { id: 'wabc', title: 'Signals, "live"', labs: ['hello', 'gone'], createdAt: '2026-11-21T08:00:00.000Z', closedAt: null },
    labs: [
      { id: 'hello', title: 'Hello, shell', steps: ['01-a', '02-b', '03-c'], quiz },
      { id: 'gone', title: 'gone', steps: [], quiz: [] },
    ],
    participants: names.map((name, i) => ({
      id: `p${i}`,
      name,
      joinedAt: `2026-11-21T08:0${i}:00.000Z`,
      progress: new Map([['hello', {
        // Out of order, plus a step the lab no longer has.
        passed: i === 0 ? [{ step: '02-b', passedAt: '2026-11-21T08:20:00.000Z' }, { step: '01-a', passedAt: '2026-11-21T08:10:00.000Z' }, { step: '09-old', passedAt: '2026-11-21T08:11:00.000Z' }] : [],
        attempts: i === 0
          ? [
            { score: 0, max: 2, attemptedAt: '2026-11-21T08:30:00.000Z', results: [{ question: 'amp', correct: false, given: 0 }, { question: 'secs', correct: false, given: null }] },
            { score: 2, max: 2, attemptedAt: '2026-11-21T08:31:00.000Z', results: [{ question: 'amp', correct: true, given: 1 }, { question: 'secs', correct: true, given: 120 }] },
          ]
          : [],
      }]]),
    })),
  };
}

describe('workshop export', () => {
  it('JSON: every participant, every workshop lab, steps in guide order, first and best score, each answer', () => {
    const data = workshopExport(room(['Ada', 'Grace']), NOW);
    expect(data.exportedAt).toBe(NOW.toISOString());
    expect(data.workshop).toMatchObject({ id: 'wabc', labs: ['hello', 'gone'] });
    const ada = data.participants[0]!;
    expect(ada.labs.map((l) => l.lab)).toEqual(['hello', 'gone']);
    const hello = ada.labs[0]!;
    expect(hello.stepsPassed.map((s) => s.step)).toEqual(['01-a', '02-b']);
    expect(hello.quiz).toMatchObject({ max: 2, firstScore: 0, bestScore: 2 });
    expect(hello.quiz.attempts[0]!.answers).toEqual([{ question: 'amp', correct: false, given: 0 }, { question: 'secs', correct: false, given: null }]);
    expect(data.participants[1]!.labs[0]!.quiz).toMatchObject({ firstScore: null, bestScore: null, attempts: [] });
  });

  it('CSV: a header and one record per participant and lab that parse back', () => {
    const rows = parseCsv(exportCsv(workshopExport(room(['Ada', 'Lovelace, Ada "the first"']), NOW)));
    expect(rows[0]).toEqual([...EXPORT_CSV_HEADER]);
    expect(rows).toHaveLength(1 + 2 * 2);
    expect(rows[1]).toEqual(['Ada', '2026-11-21T08:00:00.000Z', 'hello', 'Hello, shell', '2', '3', '2026-11-21T08:20:00.000Z', '2', '0', '2', '2', '2026-11-21T08:31:00.000Z']);
    expect(rows[3]![0]).toBe('Lovelace, Ada "the first"');
    expect(rows[4]).toEqual(['Lovelace, Ada "the first"', '2026-11-21T08:01:00.000Z', 'gone', 'gone', '0', '0', '', '0', '', '', '0', '']);
  });

  it('CSV: names that a spreadsheet would run as formulas come out as inert text', () => {
    const names = ['=cmd|\'/C calc\'!A0', '+1+1', '-1-1', '@SUM(A1)', '=HYPERLINK("http://evil.example","x")'];
    const rows = parseCsv(exportCsv(workshopExport(room(names), NOW)));
    const exported = new Set(rows.slice(1).map((r) => r[0]!));
    expect([...exported]).toEqual(names.map((n) => `'${n}`));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('workshop results', () => {
  it('has statistics for each workshop lab that has a quiz, over first attempts', () => {
    const results = workshopResults(room(['Ada', 'Grace']), NOW);
    expect(results).toMatchObject({ participants: 2, basis: 'first-attempt', workshop: { id: 'wabc' } });
    expect(results.labs.map((l) => l.lab)).toEqual(['hello']);
    expect(results.labs[0]).toMatchObject({ participants: 2, submitted: 1, meanScore: 0 });
    expect(results.labs[0]!.questions[0]).toMatchObject({ id: 'amp', right: 0, commonWrong: { answer: 'runs twice', count: 1 }, missedByRoom: true });
  });
});

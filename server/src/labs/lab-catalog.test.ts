import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from './lab-catalog.js';
import { makeLabsDir, validLabFiles, writeLab } from './lab-fixture.js';
import { findRunnableBlocks } from './runnable-blocks.js';

const REPO_LABS = fileURLToPath(new URL('../../../labs', import.meta.url));

let labsDir: string;
let cleanup: () => void;
beforeEach(() => ({ labsDir, cleanup } = makeLabsDir()));
afterEach(() => cleanup());

describe('loadCatalog', () => {
  it('lists valid labs in id order and leaves out invalid ones, reporting each', () => {
    writeLab(labsDir, 'zeta');
    writeLab(labsDir, 'alpha');
    writeLab(labsDir, 'broken', { 'lab.yaml': validLabFiles('broken')['lab.yaml']!.replace('level:', 'levle:') });
    const { catalog, errors } = loadCatalog(labsDir);

    expect(catalog.list()).toEqual([
      { id: 'alpha', title: 'Demo lab', summary: 'A lab that exists for tests.', steps: 2 },
      { id: 'zeta', title: 'Demo lab', summary: 'A lab that exists for tests.', steps: 2 },
    ]);
    expect(catalog.get('broken')).toBeUndefined();
    expect(catalog.get('alpha')?.steps).toHaveLength(2);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^labs\/broken\/lab\.yaml: levle: unknown field/)]);
  });

  it('reports a missing labs folder instead of throwing', () => {
    const { catalog, errors } = loadCatalog(`${labsDir}/nope`);
    expect(catalog.list()).toEqual([]);
    expect(errors[0]?.message).toMatch(/the labs folder does not exist/);
  });

  it('ignores plain files and hidden folders beside the labs', () => {
    writeLab(labsDir, 'alpha');
    writeLab(labsDir, '.hidden');
    writeFileSync(path.join(labsDir, 'README.md'), '# Labs\n');
    const { catalog, errors } = loadCatalog(labsDir);
    expect(errors).toEqual([]);
    expect(catalog.list().map((l) => l.id)).toEqual(['alpha']);
  });
});

describe('publicView', () => {
  it('keeps what the guide shows and drops every answer, pattern, command, explanation and path', () => {
    writeLab(labsDir, 'demo', {
      'quiz.yaml': [
        'questions:',
        '  - { id: s, type: single, prompt: P1, choices: [c1, c2], answer: 1, explanation: SECRET-EXPLAIN-1 }',
        '  - { id: m, type: multiple, prompt: P2, choices: [c3, c4], answer: [0], explanation: SECRET-EXPLAIN-2 }',
        '  - { id: n, type: numeric, prompt: P3, answer: 424242, tolerance: 0.5, explanation: SECRET-EXPLAIN-3 }',
        '  - { id: t, type: text, prompt: P4, pattern: "SECRET-PATTERN|x", answer: SECRET-PATTERN, explanation: SECRET-EXPLAIN-4 }',
        '  - { id: l, type: live, prompt: P5, command: echo SECRET-COMMAND, compare: number, explanation: SECRET-EXPLAIN-5 }',
        '',
      ].join('\n'),
    });
    const { catalog, errors } = loadCatalog(labsDir);
    expect(errors).toEqual([]);
    const view = catalog.publicView(catalog.get('demo')!);

    expect(view.quiz).toEqual([
      { id: 's', type: 'single', prompt: 'P1', choices: ['c1', 'c2'] },
      { id: 'm', type: 'multiple', prompt: 'P2', choices: ['c3', 'c4'] },
      { id: 'n', type: 'numeric', prompt: 'P3' },
      { id: 't', type: 'text', prompt: 'P4' },
      { id: 'l', type: 'live', prompt: 'P5' },
    ]);
    expect(view.steps).toEqual([
      { index: 1, title: 'First step', text: validLabFiles('demo')['steps/01-first/text.md'] },
      { index: 2, title: 'Second step', text: validLabFiles('demo')['steps/02-second/text.md'], view: 'processes' },
    ]);
    expect(view).toMatchObject({ id: 'demo', level: 'beginner', minutes: 5, tags: ['demo'], intro: '# Demo\n', finish: 'Done.\n' });
    const json = JSON.stringify(view);
    for (const secret of ['SECRET', '424242', 'tolerance', 'explanation', 'pattern', 'command', 'answer', labsDir, '.sh']) {
      expect(json).not.toContain(secret);
    }
  });
});

describe('the labs in this repository', () => {
  it('all load without errors', () => {
    const { catalog, errors } = loadCatalog(REPO_LABS);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(catalog.list().map((l) => l.id)).toContain('hello');
  });

  it('hello uses every part of the format, so it can serve as the worked example', () => {
    const hello = loadCatalog(REPO_LABS).catalog.get('hello')!;
    expect(hello.title).toBe('Hello, shell');
    expect(new Set(hello.quiz.map((q) => q.type))).toEqual(new Set(['single', 'multiple', 'numeric', 'text', 'live']));
    expect(hello.steps.some((s) => s.setupScript !== null)).toBe(true);
    expect(hello.steps.some((s) => s.view !== undefined)).toBe(true);
    expect(hello.filesDir).not.toBeNull();
    const kinds = hello.steps.flatMap((s) => findRunnableBlocks(s.text).map((b) => b.kind));
    expect(kinds).toContain('run');
    expect(kinds).toContain('ctrl-c');
  });
});

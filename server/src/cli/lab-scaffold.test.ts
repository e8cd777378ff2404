import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLabsDir } from '../labs/lab-fixture.js';
import { loadLab } from '../labs/lab-loader.js';
import { writeScaffold } from './lab-scaffold.js';

let labsDir: string;
let cleanup: () => void;
beforeEach(() => ({ labsDir, cleanup } = makeLabsDir()));
afterEach(() => cleanup());

describe('writeScaffold', () => {
  it('writes a lab that the loader accepts, titled after its id', () => {
    const written = writeScaffold(labsDir, 'pipes-and-fifos');
    expect(written).toEqual({ dir: path.join(labsDir, 'pipes-and-fifos') });
    const lab = loadLab(labsDir, 'pipes-and-fifos');
    expect(lab).toMatchObject({ id: 'pipes-and-fifos', title: 'Pipes and fifos' });
    expect(lab.steps.map((s) => s.dir)).toEqual(['01-make-a-note']);
    expect(lab.quiz.map((q) => q.type)).toEqual(['single', 'live']);
  });

  it('never overwrites an existing folder', () => {
    writeScaffold(labsDir, 'mine');
    const yaml = path.join(labsDir, 'mine', 'lab.yaml');
    const before = readFileSync(yaml, 'utf8');
    expect(writeScaffold(labsDir, 'mine')).toEqual({ problem: expect.stringMatching(/mine already exists/) });
    expect(readFileSync(yaml, 'utf8')).toBe(before);
  });
});

import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from './lab-error.js';
import { makeLabsDir, validLabFiles, writeLab } from './lab-fixture.js';
import { loadLab } from './lab-loader.js';

let labsDir: string;
let cleanup: () => void;
beforeEach(() => ({ labsDir, cleanup } = makeLabsDir()));
afterEach(() => cleanup());

/** Write the valid demo lab with `changes`, load it, and return the LabError it must raise. */
function refusal(changes: Record<string, string | null>, id = 'demo'): LabError {
  writeLab(labsDir, id, changes);
  try {
    loadLab(labsDir, id);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('the lab was accepted');
}

const labYaml = (id = 'demo') => validLabFiles(id)['lab.yaml']!;
const quizYaml = validLabFiles('demo')['quiz.yaml']!;

describe('loadLab', () => {
  it('reads a valid lab into a typed Lab with absolute script paths', () => {
    const labDir = writeLab(labsDir, 'demo');
    const lab = loadLab(labsDir, 'demo');
    expect(lab).toMatchObject({ id: 'demo', title: 'Demo lab', level: 'beginner', minutes: 5, tags: ['demo'] });
    expect(lab.dir).toBe(labDir);
    expect(lab.intro).toBe('# Demo\n');
    expect(lab.filesDir).toBe(path.join(labDir, 'files'));
    expect(lab.steps).toEqual([
      {
        index: 1,
        dir: '01-first',
        title: 'First step',
        text: validLabFiles('demo')['steps/01-first/text.md'],
        verifyScript: path.join(labDir, 'steps/01-first/verify.sh'),
        solveScript: path.join(labDir, 'steps/01-first/solve.sh'),
        setupScript: null,
      },
      expect.objectContaining({ index: 2, view: 'processes', setupScript: path.join(labDir, 'steps/02-second/setup.sh') }),
    ]);
    expect(lab.quiz).toEqual([
      { id: 'pick-one', type: 'single', prompt: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'Because b.' },
    ]);
  });

  it('gives filesDir null when the lab has no files/', () => {
    writeLab(labsDir, 'demo', { 'files/README.txt': null });
    expect(loadLab(labsDir, 'demo').filesDir).toBeNull();
  });

  it('refuses a misspelt key in lab.yaml, naming file, field and line', () => {
    const error = refusal({ 'lab.yaml': labYaml().replace('    view: processes', '    veiw: processes') });
    expect(error.file).toBe('labs/demo/lab.yaml');
    expect(error.field).toBe('steps.1.veiw');
    expect(error.line).toBe(12);
    expect(error.message).toMatch(/^labs\/demo\/lab\.yaml: steps\.1\.veiw: unknown field/);
  });

  it('reads a network, and refuses a live question on a host the network does not have, naming its line', () => {
    const network = [
      'network:',
      '  domain: lab.test',
      '  subnets: [{ name: home, cidr: 10.0.1.0/24 }]',
      '  hosts:',
      '    - { name: laptop, learner: true, interfaces: [{ subnet: home, address: 10.0.1.10 }] }',
      '    - { name: www, interfaces: [{ subnet: home, address: 10.0.1.80 }], web: { pages: { /index.html: hi } } }',
      '',
    ].join('\n');
    const live = (host: string) => `${quizYaml}  - id: on-www\n    type: live\n    host: ${host}\n    prompt: What?\n    command: hostname\n    explanation: It is www.\n`;
    writeLab(labsDir, 'demo', { 'lab.yaml': labYaml() + network, 'quiz.yaml': live('www') });
    const lab = loadLab(labsDir, 'demo');
    expect(lab.network?.hosts.map((h) => [h.name, h.learner])).toEqual([['laptop', true], ['www', false]]);
    expect(lab.quiz[1]).toMatchObject({ type: 'live', host: 'www' });
    const error = refusal({ 'lab.yaml': labYaml() + network, 'quiz.yaml': live('wwww') });
    expect(error.message).toBe('labs/demo/quiz.yaml: questions.1.host: "wwww" is not a host of the lab\'s network (hosts: laptop, www) (line 10)');
  });

  it('refuses a misspelt key in quiz.yaml', () => {
    const error = refusal({ 'quiz.yaml': quizYaml.replace('explanation:', 'explenation:') });
    expect(error.message).toMatch(/^labs\/demo\/quiz\.yaml: questions\.0\.explenation: unknown field/);
  });

  it('names the line of a YAML syntax error', () => {
    const error = refusal({ 'lab.yaml': labYaml().replace('level: beginner', 'level: [beginner') });
    expect(error.message).toMatch(/^labs\/demo\/lab\.yaml: line \d+, column \d+: /);
  });

  it('refuses an id that differs from the folder name', () => {
    expect(refusal({ 'lab.yaml': labYaml('other') }).message).toBe(
      'labs/demo/lab.yaml: id: "other" must equal the lab\'s folder name "demo" (line 1)',
    );
  });

  it('refuses a folder name that is not a lab id', () => {
    expect(refusal({}, 'Demo_Lab').message).toMatch(/^labs\/Demo_Lab: "Demo_Lab" is not a valid lab id/);
  });

  it.each(['text.md', 'verify.sh', 'solve.sh'])('refuses a step without %s', (name) => {
    expect(refusal({ [`steps/01-first/${name}`]: null }).message).toBe(
      `labs/demo/lab.yaml: steps.0.dir: "01-first" has no ${name} (line 8)`,
    );
  });

  it('refuses a listed step whose folder is missing', () => {
    const yaml = labYaml().replace('01-first', '01-frist');
    writeLab(labsDir, 'demo', { 'lab.yaml': yaml });
    rmSync(path.join(labsDir, 'demo/steps/01-first'), { recursive: true });
    expect(() => loadLab(labsDir, 'demo')).toThrow('labs/demo/lab.yaml: steps.0.dir: "01-frist" has no folder steps/01-frist');
  });

  it('refuses a step folder that lab.yaml does not list', () => {
    expect(refusal({ 'steps/03-forgotten/text.md': 'x' }).message).toMatch(
      /^labs\/demo\/lab\.yaml: steps: does not list the folder steps\/03-forgotten/,
    );
  });

  it('refuses unexpected files, so a misspelt optional file is not silently ignored', () => {
    expect(refusal({ 'steps/02-second/setup.sh': null, 'steps/02-second/set-up.sh': 'true' }).message).toMatch(
      /^labs\/demo\/steps\/02-second\/set-up\.sh: unexpected here/,
    );
    cleanup();
    ({ labsDir, cleanup } = makeLabsDir());
    expect(refusal({ 'quiz.yaml': null, 'quiz.yml': quizYaml }).message).toMatch(/^labs\/demo\/quiz\.yml: unexpected here/);
  });

  it('ignores dotfiles that editors leave behind', () => {
    writeLab(labsDir, 'demo', { '.DS_Store': 'x', 'steps/01-first/.verify.sh.swp': 'x' });
    expect(loadLab(labsDir, 'demo').id).toBe('demo');
  });

  it('refuses an empty verify.sh, which would pass every learner at once', () => {
    expect(refusal({ 'steps/01-first/verify.sh': '\n' }).message).toBe('labs/demo/steps/01-first/verify.sh: is empty');
  });

  it('refuses a lab folder that does not exist, naming it', () => {
    expect(() => loadLab(labsDir, 'nope')).toThrow(new LabError('labs/nope', '', 'there is no such lab folder'));
  });

  it('refuses a script too large to pass to the sandbox as an argument', () => {
    const big = `#!/bin/sh\n${'# padding\n'.repeat(7000)}exit 0\n`;
    expect(refusal({ 'steps/02-second/setup.sh': big }).message).toMatch(
      /^labs\/demo\/steps\/02-second\/setup\.sh: is \d+ bytes; a script may be at most 65536/,
    );
  });

  it.each(['intro.md', 'finish.md', 'quiz.yaml', 'lab.yaml'])('refuses a lab without %s', (name) => {
    expect(refusal({ [name]: null }).message).toBe(`labs/demo/${name}: is missing`);
  });

  it('refuses a malformed runnable block, naming its line', () => {
    expect(refusal({ 'steps/02-second/text.md': 'Stop:\n\n```ctrl-c\nsleep 1\n```\n' }).message).toBe(
      'labs/demo/steps/02-second/text.md: line 3: a ```ctrl-c block must be empty: it sends Ctrl-C, nothing else',
    );
    cleanup();
    ({ labsDir, cleanup } = makeLabsDir());
    expect(refusal({ 'intro.md': '```run\n```\n' }).message).toMatch(/^labs\/demo\/intro\.md: line 1: a ```run block needs/);
  });

  it('refuses a symlink in files/, which would point at the server', () => {
    const labDir = writeLab(labsDir, 'demo');
    symlinkSync('/etc/passwd', path.join(labDir, 'files/passwd'));
    expect(() => loadLab(labsDir, 'demo')).toThrow(/^labs\/demo\/files\/passwd: is a symlink/);
  });

  it('accepts nested folders and dotfiles in files/', () => {
    const labDir = writeLab(labsDir, 'demo');
    mkdirSync(path.join(labDir, 'files/src'));
    writeFileSync(path.join(labDir, 'files/src/main.c'), 'int main(void) { return 0; }\n');
    writeFileSync(path.join(labDir, 'files/.bashrc'), 'PS1="$ "\n');
    expect(loadLab(labsDir, 'demo').filesDir).toBe(path.join(labDir, 'files'));
  });
});

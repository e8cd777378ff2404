/**
 * A small valid lab written to a temporary folder, for tests of the loader and
 * catalog: each test breaks one thing and checks the error names it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function validLabFiles(id: string): Record<string, string> {
  return {
    'lab.yaml': [
      `id: ${id}`,
      'title: Demo lab',
      'summary: A lab that exists for tests.',
      'level: beginner',
      'minutes: 5',
      'tags: [demo]',
      'steps:',
      '  - dir: 01-first',
      '    title: First step',
      '  - dir: 02-second',
      '    title: Second step',
      '    view: processes',
      '',
    ].join('\n'),
    'intro.md': '# Demo\n',
    'finish.md': 'Done.\n',
    'steps/01-first/text.md': 'Do it:\n\n```run\ntouch done\n```\n',
    'steps/01-first/verify.sh': '#!/bin/sh\n[ -f done ] || { echo "make the file"; exit 1; }\n',
    'steps/01-first/solve.sh': '#!/bin/sh\ntouch done\n',
    'steps/02-second/text.md': 'Stop it:\n\n```ctrl-c\n```\n',
    'steps/02-second/verify.sh': '#!/bin/sh\nexit 0\n',
    'steps/02-second/solve.sh': '#!/bin/sh\ntrue\n',
    'steps/02-second/setup.sh': '#!/bin/sh\ntrue\n',
    'files/README.txt': 'hello\n',
    'quiz.yaml': [
      'questions:',
      '  - id: pick-one',
      '    type: single',
      '    prompt: Which?',
      '    choices: [a, b]',
      '    answer: 1',
      '    explanation: Because b.',
      '',
    ].join('\n'),
  };
}

/** A fresh `<tmp>/labs` folder; call cleanup() when done. */
export function makeLabsDir(): { labsDir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'syslab-labs-'));
  const labsDir = path.join(root, 'labs');
  mkdirSync(labsDir);
  return { labsDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Write the valid lab with some files replaced (a string) or left out (null). */
export function writeLab(labsDir: string, id: string, changes: Record<string, string | null> = {}): string {
  const files: Record<string, string | null> = { ...validLabFiles(id), ...changes };
  const labDir = path.join(labsDir, id);
  mkdirSync(labDir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    if (content === null) continue;
    mkdirSync(path.dirname(path.join(labDir, rel)), { recursive: true });
    writeFileSync(path.join(labDir, rel), content);
  }
  return labDir;
}

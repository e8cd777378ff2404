/**
 * The README promises two commands; CI must run the test one verbatim.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/server.js';

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const shellBlocks = [...readme.matchAll(/```sh\n([^`]*?)\n```/g)].map((m) => m[1]!.trim());

describe('README quick start', () => {
  it('gives exactly two commands before the first section after Quick start', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## How it works'));
    const blocks = [...quick.matchAll(/```sh\n([^`]*?)\n```/g)].map((m) => m[1]!.trim());
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/npm start$/);
    expect(blocks[1]).toMatch(/npm test$/);
  });

  it('.ci/run runs the README\'s test command verbatim', () => {
    const ci = readFileSync(path.join(REPO, '.ci/run'), 'utf8');
    const testCommand = shellBlocks[1]!;
    expect(ci.split('\n').map((l) => l.trim())).toContain(testCommand);
  });
});

import { describe, expect, it } from 'vitest';
import { findFencedBlocks, findRunnableBlocks, runnableBlockProblems } from './runnable-blocks.js';

const text = [
  'Intro',
  '',
  '```run',
  'echo one',
  'echo two',
  '```',
  '',
  '```sh',
  '$ not clickable',
  '```',
  '',
  '  ~~~~ctrl-c',
  '  ~~~~',
  '',
  '````md',
  '```run',
  'inside another block: not a block of its own',
  '```',
  '````',
].join('\n');

describe('findRunnableBlocks', () => {
  it('finds run and ctrl-c blocks with their bodies and lines, and nothing else', () => {
    expect(findRunnableBlocks(text)).toEqual([
      { kind: 'run', body: 'echo one\necho two', line: 3 },
      { kind: 'ctrl-c', body: '', line: 12 },
    ]);
  });

  it('treats an unclosed fence as running to the end, as CommonMark does', () => {
    expect(findFencedBlocks('```run\nls\n')).toEqual([{ info: 'run', body: 'ls\n', line: 1, closed: false }]);
  });
});

describe('runnableBlockProblems', () => {
  it('finds nothing wrong in well-formed text', () => {
    expect(runnableBlockProblems(text)).toEqual([]);
  });

  it('reports empty run blocks, non-empty ctrl-c blocks, near misses and unclosed fences', () => {
    const bad = ['```run', '', '```', '```ctrl-c', 'x', '```', '```Run', 'ls', '```', '```ctrl+c', '```', '```run', 'ls'].join('\n');
    expect(runnableBlockProblems(bad).map((p) => p.line)).toEqual([1, 4, 7, 10, 12]);
  });
});

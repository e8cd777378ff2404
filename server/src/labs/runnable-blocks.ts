/**
 * The clickable blocks in a step's text.md: ```run (type these lines into the
 * terminal) and an empty ```ctrl-c (send Ctrl-C). The browser renders them; the
 * loader uses this to refuse a malformed block before a learner meets it, and
 * content tests can use it to type a step's commands.
 *
 * Fences follow CommonMark: up to three spaces of indent, three or more
 * backticks or tildes, closed by a line of at least as many of the same.
 */
import { RunnableFence } from '../../../common/src/lab-api.js';

export interface FencedBlock {
  /** First word of the info string ('' when there is none). */
  info: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  closed: boolean;
}

export interface RunnableBlock {
  kind: 'run' | 'ctrl-c';
  /** The lines to type, for `run`; '' for `ctrl-c`. */
  body: string;
  line: number;
}

const OPENING = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

export function findFencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j]!)) {
      // CommonMark strips the opening fence's indent from each content line.
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent.length}}`), ''));
      j++;
    }
    blocks.push({ info, body: body.join('\n'), line: i + 1, closed: j < lines.length });
    i = j;
  }
  return blocks;
}

export function findRunnableBlocks(markdown: string): RunnableBlock[] {
  return findFencedBlocks(markdown)
    .filter((b) => b.info === RunnableFence.RUN || b.info === RunnableFence.CTRL_C)
    .map((b) => ({ kind: b.info === RunnableFence.RUN ? 'run' : 'ctrl-c', body: b.body, line: b.line }));
}

/** Info strings that look like a runnable block but are not one, e.g. ```Run or ```ctrl+c. */
const NEAR_MISS = /^(run|ctrl[-+_]?c)$/i;

/** What is wrong with the text's fenced blocks, each with its line; empty when nothing is. */
export function runnableBlockProblems(markdown: string): { line: number; problem: string }[] {
  const problems: { line: number; problem: string }[] = [];
  for (const block of findFencedBlocks(markdown)) {
    const { info, line } = block;
    if (!block.closed) problems.push({ line, problem: 'this fenced block is never closed' });
    if (info === RunnableFence.RUN && block.body.trim() === '') {
      problems.push({ line, problem: 'a ```run block needs the commands to type' });
    } else if (info === RunnableFence.CTRL_C && block.body.trim() !== '') {
      problems.push({ line, problem: 'a ```ctrl-c block must be empty: it sends Ctrl-C, nothing else' });
    } else if (info !== RunnableFence.RUN && info !== RunnableFence.CTRL_C && NEAR_MISS.test(info)) {
      problems.push({ line, problem: `\`\`\`${info} is not clickable; write \`\`\`run or \`\`\`ctrl-c` });
    }
  }
  return problems;
}

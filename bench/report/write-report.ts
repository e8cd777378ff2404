/** Writes docs/performance.md (keeping its hand-written blocks) and docs/performance.svg. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from '../results.js';
import { extractBlocks } from './hand-written.js';
import { performanceMarkdown } from './markdown.js';
import { ratioChart } from './svg-chart.js';

export function writeReport(r: BenchResults, repo: string): string[] {
  const md = path.join(repo, 'docs', 'performance.md');
  const svg = path.join(repo, 'docs', 'performance.svg');
  const blocks = extractBlocks(existsSync(md) ? readFileSync(md, 'utf8') : '');
  writeFileSync(md, performanceMarkdown(r, blocks));
  writeFileSync(svg, ratioChart(r));
  return [md, svg];
}

/**
 * The parts of docs/performance.md people write (profiling notes, the
 * reasoning behind the capacity plan) live between markers in the generated
 * file itself, so regeneration keeps them:
 *
 *   <!-- hand-written:NAME -->
 *   …anything…
 *   <!-- /hand-written:NAME -->
 */

export function extractBlocks(doc: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const re = /<!-- hand-written:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/hand-written:\1 -->/g;
  for (const m of doc.matchAll(re)) blocks.set(m[1]!, m[2]!);
  return blocks;
}

/** The block as it was, or a placeholder saying what belongs there. */
export function block(blocks: Map<string, string>, name: string, placeholder: string): string {
  const body = blocks.get(name) ?? `_${placeholder}_\n`;
  return `<!-- hand-written:${name} -->\n${body}<!-- /hand-written:${name} -->`;
}

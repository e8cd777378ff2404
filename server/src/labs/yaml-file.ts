/**
 * Parse a lab's YAML file and validate it against a zod schema, turning the first
 * problem into a LabError that names the file, the field and the line.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LabError } from './lab-error.js';

export interface ParsedYaml<T> {
  data: T;
  /** The line where `path` (or the nearest part of it that exists) is written, for later checks' errors. */
  lineOf(path: (string | number)[]): number | undefined;
}

/**
 * @param text        the file's contents
 * @param displayPath the file as the author knows it (`labs/hello/lab.yaml`)
 * @throws LabError on a YAML syntax error or a value the schema refuses
 */
export function parseYamlFile<S extends z.ZodType>(text: string, displayPath: string, schema: S): ParsedYaml<z.output<S>> {
  const lineCounter = new LineCounter();
  // uniqueKeys is the default, said aloud: a key written twice is almost always a
  // paste error, and YAML would otherwise keep the last one silently.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const at = lineCounter.linePos(syntaxError.pos[0]);
    throw new LabError(displayPath, '', `line ${at.line}, column ${at.col}: ${firstLine(syntaxError.message)}`);
  }
  if (doc.contents === null) throw new LabError(displayPath, '', 'the file is empty');

  const result = schema.safeParse(doc.toJS(), { error: describeIssue });
  if (result.success) {
    return { data: result.data, lineOf: (path) => lineOf(doc, lineCounter, path.map(String)) };
  }

  // A misspelt key also makes the real key look missing; the typo is the cause,
  // so report it first.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const issue = issues[0]!;
  let path = issue.path.map(String);
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]!];
    problem = 'unknown field (check its spelling; docs/authoring.md lists every field)';
  }
  throw new LabError(displayPath, path.join('.'), problem, lineOf(doc, lineCounter, path));
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

/** Messages an author can act on, for the issues zod words for programmers. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    const expected = YAML_NAMES[issue.expected] ?? issue.expected;
    if (issue.input === undefined) return `is required (${expected})`;
    return `must be ${expected}, not ${yamlKind(issue.input)}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && Array.isArray(issue.options)) {
    return `must be one of: ${issue.options.join(', ')}`;
  }
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  return undefined;
}

/** zod's type names, as a YAML author thinks of them. */
const YAML_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

function yamlKind(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The line of the deepest node on `path` that exists (a missing field points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair || !isScalar(pair.key)) break;
      offset = pair.key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (!isScalar(item) && !isMap(item) && !isSeq(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LabError } from './lab-error.js';
import { parseYamlFile } from './yaml-file.js';

const Schema = z.strictObject({
  name: z.string(),
  items: z.array(z.strictObject({ size: z.number() })),
});

function errorOf(text: string): LabError {
  try {
    parseYamlFile(text, 'labs/x/thing.yaml', Schema);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('expected a LabError');
}

describe('parseYamlFile', () => {
  it('returns the data and can point at a field\'s line', () => {
    const parsed = parseYamlFile('name: a\nitems:\n  - size: 1\n  - size: 2\n', 'labs/x/thing.yaml', Schema);
    expect(parsed.data).toEqual({ name: 'a', items: [{ size: 1 }, { size: 2 }] });
    expect(parsed.lineOf(['items', 1, 'size'])).toBe(4);
  });

  it('names the line and column of a YAML syntax error', () => {
    const error = errorOf('name: a\nitems:\n  - size: 1\n   size: 2\n');
    expect(error.file).toBe('labs/x/thing.yaml');
    expect(error.field).toBe('');
    expect(error.message).toMatch(/^labs\/x\/thing\.yaml: line 4, column \d+: /);
  });

  it('refuses a key written twice', () => {
    expect(errorOf('name: a\nname: b\nitems: []\n').message).toMatch(/^labs\/x\/thing\.yaml: line 2, column 1: .*unique/);
  });

  it('refuses an empty file', () => {
    expect(errorOf('# only a comment\n').message).toBe('labs/x/thing.yaml: the file is empty');
  });

  it('reports a misspelt key before the required key it hides, with its line', () => {
    const error = errorOf('name: a\nitems:\n  - sise: 1\n');
    expect(error.field).toBe('items.0.sise');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^labs\/x\/thing\.yaml: items\.0\.sise: unknown field .*\(line 3\)$/);
  });

  it('says a missing field is required and a wrong type what it got', () => {
    expect(errorOf('items: []\n').message).toBe('labs/x/thing.yaml: name: is required (text) (line 1)');
    expect(errorOf('name: a\nitems: {}\n').message).toBe('labs/x/thing.yaml: items: must be a list, not a mapping (line 2)');
    expect(errorOf('- a\n').message).toBe('labs/x/thing.yaml: must be a mapping of fields, not a list');
  });
});

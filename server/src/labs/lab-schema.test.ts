import { describe, expect, it } from 'vitest';
import { LabManifestSchema, QuizSchema, textAnswerMatches } from './lab-schema.js';

const manifest = {
  id: 'demo',
  title: 'Demo',
  summary: 'A demo.',
  level: 'beginner',
  minutes: 10,
  tags: ['shell'],
  steps: [
    { dir: '01-first', title: 'First' },
    { dir: '03-third', title: 'Third', view: 'ipc' },
  ],
};

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string; message: string }[] } }) {
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

describe('LabManifestSchema', () => {
  it('accepts a complete lab.yaml and defaults tags', () => {
    expect(LabManifestSchema.parse(manifest).steps[1]?.view).toBe('ipc');
    const { tags: _tags, ...withoutTags } = manifest;
    expect(LabManifestSchema.parse(withoutTags).tags).toEqual([]);
  });

  it('refuses unknown keys, at the top and in a step', () => {
    expect(issuesOf(LabManifestSchema.safeParse({ ...manifest, titel: 'x' }))).toContainEqual(
      expect.objectContaining({ path: '', code: 'unrecognized_keys' }),
    );
    const steps = [{ dir: '01-first', title: 'First', veiw: 'ipc' }];
    expect(issuesOf(LabManifestSchema.safeParse({ ...manifest, steps }))).toContainEqual(
      expect.objectContaining({ path: 'steps.0', code: 'unrecognized_keys' }),
    );
  });

  it.each([
    ['id', 'Hello'],
    ['id', '-hello'],
    ['id', 'a'.repeat(41)],
    ['level', 'expert'],
    ['minutes', 0],
    ['minutes', 601],
    ['minutes', 2.5],
    ['title', '   '],
  ])('refuses %s = %j', (field, value) => {
    const paths = issuesOf(LabManifestSchema.safeParse({ ...manifest, [field]: value })).map((i) => i.path);
    expect(paths).toContain(field);
  });

  it('accepts the longest id', () => {
    expect(LabManifestSchema.safeParse({ ...manifest, id: 'a'.repeat(40) }).success).toBe(true);
  });

  it('refuses step folders that are misnamed, out of order or repeated, and an unknown view', () => {
    const bad = (steps: unknown[]) => issuesOf(LabManifestSchema.safeParse({ ...manifest, steps })).map((i) => i.path);
    expect(bad([{ dir: '1-first', title: 'x' }])).toEqual(['steps.0.dir']);
    expect(bad([{ dir: '02-b', title: 'x' }, { dir: '01-a', title: 'y' }])).toEqual(['steps.1.dir']);
    expect(bad([{ dir: '01-a', title: 'x' }, { dir: '01-a', title: 'y' }])).toEqual(['steps.1.dir']);
    expect(bad([{ dir: '01-a', title: 'x', view: 'network' }])).toEqual(['steps.0.view']);
    expect(bad([])).toEqual(['steps']);
  });
});

const base = { prompt: 'Q?', explanation: 'Because.' };

describe('QuizSchema', () => {
  it('accepts one question of each type and applies defaults', () => {
    const quiz = QuizSchema.parse({
      questions: [
        { id: 'a', type: 'single', choices: ['x', 'y'], answer: 0, ...base },
        { id: 'b', type: 'multiple', choices: ['x', 'y', 'z'], answer: [0, 2], ...base },
        { id: 'c', type: 'numeric', answer: 3.5, ...base },
        { id: 'd', type: 'text', pattern: 'ca+t', answer: 'caat', ...base },
        { id: 'e', type: 'live', command: 'echo $$', ...base },
      ],
    });
    expect(quiz.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'numeric', 'text', 'live']);
    const [, , numeric, , live] = quiz.questions;
    expect(numeric?.type === 'numeric' && numeric.tolerance).toBe(0);
    expect(live?.type === 'live' && live.compare).toBe('exact');
  });

  const refused = (question: Record<string, unknown>) =>
    issuesOf(QuizSchema.safeParse({ questions: [{ id: 'q', ...base, ...question }] })).map((i) => `${i.path}: ${i.code}`);

  it('refuses a field that belongs to another question type (strict per type)', () => {
    expect(refused({ type: 'numeric', answer: 1, choices: ['a', 'b'] })).toContain('questions.0: unrecognized_keys');
    expect(refused({ type: 'live', command: 'true', answer: '1' })).toContain('questions.0: unrecognized_keys');
    expect(refused({ type: 'single', choices: ['a', 'b'], answer: 0, tolerence: 1 })).toContain('questions.0: unrecognized_keys');
  });

  it('refuses an unknown or missing type', () => {
    expect(refused({ type: 'essay' })).toEqual(['questions.0.type: invalid_union']);
    expect(refused({})).toEqual(['questions.0.type: invalid_union']);
  });

  it('refuses choice answers that are not choices', () => {
    expect(refused({ type: 'single', choices: ['a', 'b'], answer: 2 })).toEqual(['questions.0.answer: custom']);
    expect(refused({ type: 'single', choices: ['a', 'b'], answer: -1 })).toEqual(['questions.0.answer: too_small']);
    expect(refused({ type: 'multiple', choices: ['a', 'b'], answer: [1, 5] })).toEqual(['questions.0.answer.1: custom']);
    expect(refused({ type: 'multiple', choices: ['a', 'b'], answer: [1, 1] })).toEqual(['questions.0.answer.1: custom']);
    expect(refused({ type: 'multiple', choices: ['a', 'b'], answer: [] })).toEqual(['questions.0.answer: too_small']);
    expect(refused({ type: 'single', choices: ['a'], answer: 0 })).toEqual(['questions.0.choices: too_small']);
    expect(refused({ type: 'single', choices: ['a', 'a'], answer: 0 })).toEqual(['questions.0.choices.1: custom']);
  });

  it('refuses a pattern that does not compile, escapes its anchors, or misses its own example', () => {
    expect(refused({ type: 'text', pattern: '(unclosed', answer: 'x' })).toEqual(['questions.0.pattern: custom']);
    expect(refused({ type: 'text', pattern: 'a)|(b', answer: 'a' })).toEqual(['questions.0.pattern: custom']);
    expect(refused({ type: 'text', pattern: 'cat', answer: 'dog' })).toEqual(['questions.0.answer: custom']);
  });

  it('refuses a negative tolerance, a bad comparison and an empty command', () => {
    expect(refused({ type: 'numeric', answer: 1, tolerance: -1 })).toEqual(['questions.0.tolerance: too_small']);
    expect(refused({ type: 'live', command: 'true', compare: 'fuzzy' })).toEqual(['questions.0.compare: invalid_value']);
    expect(refused({ type: 'live', command: '  ' })).toEqual(['questions.0.command: too_small']);
  });

  it('refuses two questions with one id, and an empty quiz', () => {
    const q = { id: 'same', type: 'numeric', answer: 1, ...base };
    expect(issuesOf(QuizSchema.safeParse({ questions: [q, q] })).map((i) => i.path)).toEqual(['questions.1.id']);
    expect(issuesOf(QuizSchema.safeParse({ questions: [] })).map((i) => i.path)).toEqual(['questions']);
  });
});

describe('textAnswerMatches', () => {
  it('matches the whole trimmed answer, ignoring case', () => {
    expect(textAnswerMatches('cat|less', '  CAT \n')).toBe(true);
    expect(textAnswerMatches('cat|less', 'concatenate')).toBe(false);
    expect(textAnswerMatches('cat|less', 'cat and less')).toBe(false);
  });
});

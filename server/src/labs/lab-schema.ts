/**
 * The lab format, as zod schemas for lab.yaml and quiz.yaml. docs/authoring.md
 * describes the same fields for authors; change both together.
 *
 * Every object is strict: an unknown key is an error, so a misspelt optional
 * field (`veiw:`, `tolerence:`) is refused instead of silently ignored.
 */
import { z } from 'zod';
import { LAB_LEVELS, STEP_VIEWS } from '../../../common/src/lab-api.js';
import { NetworkSchema } from './network-schema.js';

/** Also the folder name and part of URLs, so kept short and URL-safe. */
export const LAB_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** `NN-slug`: the number keeps the folders in guide order in a file listing. */
export const STEP_DIR_PATTERN = /^(\d{2})-[a-z0-9][a-z0-9-]*$/;
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Bounds that keep the lab list and guide readable; far above any real lab. */
const LIMITS = {
  TITLE_MAX: 80,
  SUMMARY_MAX: 300,
  MINUTES_MAX: 600,
  TAGS_MAX: 12,
  CHOICES_MAX: 10,
} as const;

const text = (max?: number) => {
  const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
  return max === undefined ? nonEmpty : nonEmpty.max(max, { error: `must be at most ${max} characters` });
};

const slug = z.string().regex(SLUG_PATTERN, {
  error: 'must be lower-case letters, digits and dashes, starting with a letter or digit',
});

// ---------------------------------------------------------------- lab.yaml

export const StepEntrySchema = z.strictObject({
  dir: z.string().regex(STEP_DIR_PATTERN, { error: 'must be a folder name like "01-make-a-file" (two digits, dash, slug)' }),
  title: text(LIMITS.TITLE_MAX),
  view: z.enum(STEP_VIEWS).optional(),
  /** A host of the lab's network that verify.sh runs on instead of the learner's (setup.sh and solve.sh stay on the learner's). */
  host: z.string().min(1).optional(),
});
export type StepEntry = z.output<typeof StepEntrySchema>;

export const LabManifestSchema = z.strictObject({
  id: z.string().regex(LAB_ID_PATTERN, {
    error: 'must be 1–40 lower-case letters, digits and dashes, starting with a letter or digit',
  }),
  title: text(LIMITS.TITLE_MAX),
  summary: text(LIMITS.SUMMARY_MAX),
  level: z.enum(LAB_LEVELS),
  minutes: z.number().int({ error: 'must be a whole number' }).min(1).max(LIMITS.MINUTES_MAX),
  tags: z.array(slug).max(LIMITS.TAGS_MAX).default([]).superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, i) => {
      if (seen.has(tag)) ctx.addIssue({ code: 'custom', path: [i], message: `"${tag}" is listed twice` });
      seen.add(tag);
    });
  }),
  steps: z.array(StepEntrySchema).min(1, { error: 'a lab needs at least one step' }).superRefine((steps, ctx) => {
    // Folder numbers must rise in list order, so the folders on disk read in the
    // same order as the guide (gaps are fine: they leave room to insert a step).
    let previous = -1;
    steps.forEach((step, i) => {
      const digits = STEP_DIR_PATTERN.exec(step.dir)?.[1];
      if (digits === undefined) return; // the folder name itself is already refused
      const number = Number(digits);
      if (number <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'dir'],
          message: `"${step.dir}" must be numbered higher than the step before it`,
        });
      }
      previous = number;
    });
  }),
  /** A private network of hosts built for each session; the learner's shell runs on one of them. */
  network: NetworkSchema.optional(),
}).superRefine((lab, ctx) => {
  lab.steps.forEach((step, i) => {
    if (step.host === undefined) return;
    const problem = hostProblem(step.host, lab.network?.hosts.map((h) => h.name));
    if (problem) ctx.addIssue({ code: 'custom', path: ['steps', i, 'host'], message: problem });
  });
});
export type LabManifest = z.output<typeof LabManifestSchema>;

// ---------------------------------------------------------------- quiz.yaml

/**
 * How a text answer is matched: the whole trimmed answer, case-insensitively,
 * so authors need not write ^…$ (and cannot forget them).
 */
export function textAnswerRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'iu');
}

export function textAnswerMatches(pattern: string, given: string): boolean {
  return textAnswerRegExp(pattern).test(given.trim());
}

const questionBase = {
  id: slug,
  /** Markdown. */
  prompt: text(),
  /** Markdown, shown after the learner submits. */
  explanation: text(),
};

const choices = z
  .array(text())
  .min(2, { error: 'needs at least two choices' })
  .max(LIMITS.CHOICES_MAX)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((choice, i) => {
      if (seen.has(choice)) ctx.addIssue({ code: 'custom', path: [i], message: `"${choice}" is listed twice` });
      seen.add(choice);
    });
  });

/** Index into `choices`, counting from 0. */
const choiceIndex = z.number().int({ error: 'must be a choice index (0 is the first choice)' }).min(0);

export const SingleChoiceSchema = z
  .strictObject({ type: z.literal('single'), ...questionBase, choices, answer: choiceIndex })
  .superRefine((q, ctx) => {
    if (q.answer >= q.choices.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: outOfRange(q.answer, q.choices.length) });
    }
  });

export const MultipleChoiceSchema = z
  .strictObject({
    type: z.literal('multiple'),
    ...questionBase,
    choices,
    answer: z.array(choiceIndex).min(1, { error: 'must list at least one right choice' }),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<number>();
    q.answer.forEach((index, i) => {
      if (index >= q.choices.length) {
        ctx.addIssue({ code: 'custom', path: ['answer', i], message: outOfRange(index, q.choices.length) });
      }
      if (seen.has(index)) ctx.addIssue({ code: 'custom', path: ['answer', i], message: `${index} is listed twice` });
      seen.add(index);
    });
  });

export const NumericSchema = z.strictObject({
  type: z.literal('numeric'),
  ...questionBase,
  answer: z.number(),
  /** Right when |given - answer| <= tolerance. */
  tolerance: z.number().min(0).default(0),
});

export const TextSchema = z
  .strictObject({
    type: z.literal('text'),
    ...questionBase,
    /** A JavaScript regular expression matched against the whole trimmed answer, ignoring case. */
    pattern: z.string().min(1).superRefine((pattern, ctx) => {
      try {
        // Alone first: "a)|(b" compiles once wrapped in ^(?:…)$ but escapes the anchors.
        new RegExp(pattern, 'u');
        textAnswerRegExp(pattern);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(e as Error).message}` });
      }
    }),
    /** A right answer, shown after submitting; must match `pattern`, which proves the pattern works. */
    answer: text(),
  })
  .superRefine((q, ctx) => {
    let matches = false;
    try {
      matches = textAnswerMatches(q.pattern, q.answer);
    } catch {
      return; // already reported on `pattern`
    }
    if (!matches) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `"${q.answer}" does not match the pattern, so no one could answer right` });
    }
  });

/**
 * Why `host` cannot name a host of the lab's network (null when it can).
 * @param hosts the network's host names; undefined when the lab has no network
 */
export function hostProblem(host: string, hosts: string[] | undefined): string | null {
  if (hosts === undefined) return `"${host}": the lab declares no network, so there is only the learner's host (leave host out)`;
  if (!hosts.includes(host)) return `"${host}" is not a host of the lab's network (hosts: ${hosts.join(', ')})`;
  return null;
}

export const LIVE_COMPARISONS = ['exact', 'number'] as const;

export const LiveSchema = z.strictObject({
  type: z.literal('live'),
  ...questionBase,
  /** Run by /bin/sh in the learner's sandbox when they submit; its trimmed stdout is the right answer. */
  command: text(),
  /** exact: the trimmed strings are equal. number: both parse as numbers and are equal. */
  compare: z.enum(LIVE_COMPARISONS).default('exact'),
  /** A host of the lab's network to run `command` on instead of the learner's. */
  host: z.string().min(1).optional(),
});

export const QuestionSchema = z.discriminatedUnion('type', [
  SingleChoiceSchema,
  MultipleChoiceSchema,
  NumericSchema,
  TextSchema,
  LiveSchema,
]);
export type Question = z.output<typeof QuestionSchema>;
export type LiveQuestion = z.output<typeof LiveSchema>;

export const QuizSchema = z.strictObject({
  questions: z.array(QuestionSchema).min(1, { error: 'a quiz needs at least one question' }).superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${q.id}" is used by an earlier question` });
      seen.add(q.id);
    });
  }),
});
export type Quiz = z.output<typeof QuizSchema>;

function outOfRange(index: number, count: number): string {
  return `${index} is not a choice: there are ${count}, numbered from 0 to ${count - 1}`;
}

/**
 * Shapes of a lab as the browser sees it, shared by server and browser.
 *
 * Everything here is safe to send before the learner submits anything: no quiz
 * answers, patterns, commands or explanations, and no paths on the server. The
 * server builds these field by field (server/src/labs/lab-public-view.ts), so a
 * secret added to the lab format later cannot leak by being spread along.
 */

export const LAB_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type LabLevel = (typeof LAB_LEVELS)[number];

/** The live inspector a step opens beside the terminal. */
export const STEP_VIEWS = ['processes', 'memory', 'ipc', 'syscalls'] as const;
export type StepView = (typeof STEP_VIEWS)[number];

export const QUESTION_TYPES = ['single', 'multiple', 'numeric', 'text', 'live'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * Info strings of fenced blocks in a step's text.md that the guide turns into
 * buttons. The server validates them and the browser renders them, so both
 * read the names from here.
 */
export const RunnableFence = {
  /** ```run — clicking types the block's lines into the terminal, each followed by Enter. */
  RUN: 'run',
  /** ```ctrl-c with an empty body — clicking sends Ctrl-C (byte 0x03) to the terminal. */
  CTRL_C: 'ctrl-c',
} as const;

export interface PublicStep {
  /** 1 for the first step, in lab.yaml order. */
  index: number;
  title: string;
  /** Markdown, with ```run and ```ctrl-c blocks. */
  text: string;
  view?: StepView;
}

export interface PublicQuestion {
  id: string;
  type: QuestionType;
  /** Markdown. */
  prompt: string;
  /** For single and multiple choice; answers refer to these by index from 0. */
  choices?: string[];
}

export interface LabPublicView {
  id: string;
  title: string;
  summary: string;
  level: LabLevel;
  minutes: number;
  tags: string[];
  /** Markdown shown before the first step. */
  intro: string;
  /** Markdown shown after the last step. */
  finish: string;
  steps: PublicStep[];
  quiz: PublicQuestion[];
}

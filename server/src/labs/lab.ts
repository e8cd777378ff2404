/**
 * A lab as the server holds it once loaded and validated: texts read, script
 * paths resolved, quiz parsed. Secrets (answers, commands) live here; the
 * browser gets only publicView(lab).
 */
import type { LabLevel, StepView } from '../../../common/src/lab-api.js';
import type { NetworkTopology } from '../sandbox/network/topology.js';
import type { Question } from './lab-schema.js';

export interface LabStep {
  /** 1 for the first step, in lab.yaml order. */
  index: number;
  /** Folder name under steps/, e.g. "01-make-a-file"; stable key for progress. */
  dir: string;
  title: string;
  view?: StepView;
  /** The lab network host verify.sh runs on; absent: the learner's. */
  host?: string;
  /** Markdown of text.md. */
  text: string;
  /** Absolute paths on the server; the sandbox runs them with /bin/sh. */
  verifyScript: string;
  solveScript: string;
  setupScript: string | null;
}

export interface Lab {
  id: string;
  title: string;
  summary: string;
  level: LabLevel;
  minutes: number;
  tags: string[];
  /** Absolute path of the lab's folder. */
  dir: string;
  intro: string;
  finish: string;
  steps: LabStep[];
  quiz: Question[];
  /** Absolute path of files/, copied into the learner's home at start; null when the lab has none. */
  filesDir: string | null;
  /** The private network each session gets (lab.yaml `network:`), or null: a loopback only. */
  network: NetworkTopology | null;
}

/**
 * Shapes of a workshop's results (docs/api.md, "Results and recordings"):
 * per-question quiz statistics for the room, the export of everyone's
 * progress, and the recordings index. Shared by server and browser.
 */

export type QuestionType = 'single' | 'multiple' | 'numeric' | 'text' | 'live';

/**
 * A question is "missed by the room" when fewer than this share of those who
 * submitted the quiz got it right: more than half the room wrong is the point
 * where going over it again with everyone pays off.
 */
export const ROOM_MISSED_BELOW = 0.5;

/** One question, counted over each participant's first attempt at the quiz. */
export interface QuestionStats {
  id: string;
  type: QuestionType;
  /** Markdown, as the learner saw it. */
  prompt: string;
  /** Participants who submitted this quiz at least once. */
  submitted: number;
  /** Of those, how many gave an answer to this question (a left-out one counts as wrong). */
  answered: number;
  right: number;
  /**
   * The wrong answer given most often, as text (a choice's words, a number,
   * what was typed), and by how many; null when no one answered it wrong,
   * and always for a `live` question (each learner's right answer came from
   * their own sandbox). Ties go to the answer that sorts first.
   */
  commonWrong: { answer: string; count: number } | null;
  /** right / submitted is below ROOM_MISSED_BELOW. */
  missedByRoom: boolean;
}

export interface LabQuizStats {
  lab: string;
  title: string;
  /** Participants in the workshop. */
  participants: number;
  /** Participants who submitted this lab's quiz. */
  submitted: number;
  /** Questions in the quiz (the most a score can be). */
  max: number;
  /** Mean first-attempt score of those who submitted, or null when no one did. */
  meanScore: number | null;
  questions: QuestionStats[];
}

/** `GET /api/workshops/<id>/results`. */
export interface WorkshopResults {
  workshop: { id: string; title: string; closedAt: string | null };
  participants: number;
  /**
   * Which attempt the statistics count: the first, since the answers and
   * explanations are shown after submitting and a second attempt measures
   * reading them, not what the room understood.
   */
  basis: 'first-attempt';
  labs: LabQuizStats[];
  /** ISO 8601. */
  generatedAt: string;
}

/** One question of one attempt, in the export. */
export interface ExportedAnswer {
  question: string;
  correct: boolean;
  /** What the learner answered (a choice index, a list of them, a number, text); null when left out or not recorded. */
  given: number | number[] | string | null;
}

export interface ExportedLabProgress {
  lab: string;
  title: string;
  stepsTotal: number;
  /** Step folders passed, in guide order, with when each first passed. */
  stepsPassed: Array<{ step: string; passedAt: string }>;
  quiz: {
    max: number;
    firstScore: number | null;
    bestScore: number | null;
    attempts: Array<{ attempt: number; score: number; max: number; attemptedAt: string; answers: ExportedAnswer[] }>;
  };
}

/** `GET /api/workshops/<id>/export.json`. */
export interface WorkshopExport {
  workshop: { id: string; title: string; labs: string[]; createdAt: string; closedAt: string | null };
  /** ISO 8601. */
  exportedAt: string;
  participants: Array<{ id: string; name: string; joinedAt: string; labs: ExportedLabProgress[] }>;
}

/** One entry of `GET /api/workshops/<id>/recordings`. */
export interface RecordingSummary {
  id: string;
  /** null: a solo learner's session (SYSLAB_RECORD_SOLO_SESSIONS). */
  workshopId: string | null;
  participant: { id: string; name: string } | null;
  lab: string;
  /** The lab's title (its id when the lab is no longer on the server). */
  labTitle: string;
  sessionId: string;
  /** ISO 8601. */
  startedAt: string;
  /** null while the session runs (the file grows). */
  endedAt: string | null;
  /** Seconds, from start to end (or to now while recording). */
  durationSeconds: number;
  bytes: number;
  /** Why recording stopped before the session ended (its size limit, the instructor), or null. */
  stopped: string | null;
  /** How the session ended: exited, destroyed, idle, max_age, shutdown; interrupted (the server died); stopped (recording ended first: see `stopped`). */
  endReason: string | null;
  /** GET this for the asciicast v2 file. */
  castPath: string;
}

/** `GET /api/sessions/<id>/recording`: whether the learner's session is recorded, for the notice in the lab view. */
export interface SessionRecordingState {
  recording: boolean;
}

/** `GET` / `PUT /api/workshops/<id>/recording`. */
export interface WorkshopRecordingSetting {
  /** New sessions of the workshop's learners are recorded (default true). */
  enabled: boolean;
}

export function castPath(recordingId: string): string {
  return `/api/recordings/${encodeURIComponent(recordingId)}.cast`;
}

/** The page that replays a recording. */
export function replayPagePath(recordingId: string): string {
  return `/recordings/${encodeURIComponent(recordingId)}`;
}

/** The instructor's results page of a workshop. */
export function resultsPagePath(workshopId: string): string {
  return `/workshops/${encodeURIComponent(workshopId)}/results`;
}

/**
 * A workshop's results from what the stores hold: the room's quiz
 * statistics (GET …/results) and everyone's progress as JSON and CSV
 * (GET …/export.json, …/export.csv). Pure: `RoomRecord` is read by
 * room-record.ts; this only shapes it.
 */
import type { QuizAnswer } from '../../../common/src/guide-api.js';
import type { ExportedLabProgress, WorkshopExport, WorkshopResults } from '../../../common/src/results-api.js';
import type { Question } from '../labs/lab-schema.js';
import { toCsv, type CsvCell } from './csv.js';
import { labQuizStats } from './quiz-stats.js';

export interface RoomLab {
  id: string;
  /** The lab's id when it is no longer in the catalog. */
  title: string;
  /** Step folders in guide order (empty for a lab no longer in the catalog). */
  steps: readonly string[];
  quiz: readonly Question[];
}

export interface RoomAttempt {
  score: number;
  max: number;
  attemptedAt: string;
  results: ReadonlyArray<{ question: string; correct: boolean; given?: QuizAnswer | null }>;
}

export interface RoomProgress {
  passed: ReadonlyArray<{ step: string; passedAt: string }>;
  /** Oldest first. */
  attempts: readonly RoomAttempt[];
}

export interface RoomParticipant {
  id: string;
  name: string;
  joinedAt: string;
  /** By lab id; a lab with nothing done may have no entry. */
  progress: ReadonlyMap<string, RoomProgress>;
}

export interface RoomRecord {
  workshop: { id: string; title: string; labs: readonly string[]; createdAt: string; closedAt: string | null };
  labs: readonly RoomLab[];
  /** In the order they joined. */
  participants: readonly RoomParticipant[];
}

export function workshopResults(room: RoomRecord, now: Date): WorkshopResults {
  return {
    workshop: { id: room.workshop.id, title: room.workshop.title, closedAt: room.workshop.closedAt },
    participants: room.participants.length,
    basis: 'first-attempt',
    labs: room.labs.filter((lab) => lab.quiz.length > 0).map((lab) =>
      labQuizStats({ id: lab.id, title: lab.title, quiz: lab.quiz }, room.participants.map((p) => p.progress.get(lab.id)?.attempts ?? []))),
    generatedAt: now.toISOString(),
  };
}

export function workshopExport(room: RoomRecord, now: Date): WorkshopExport {
  return {
    workshop: { ...room.workshop, labs: [...room.workshop.labs] },
    exportedAt: now.toISOString(),
    participants: room.participants.map((p) => ({
      id: p.id,
      name: p.name,
      joinedAt: p.joinedAt,
      labs: room.labs.map((lab) => labProgress(lab, p.progress.get(lab.id))),
    })),
  };
}

function labProgress(lab: RoomLab, progress: RoomProgress | undefined): ExportedLabProgress {
  const attempts = progress?.attempts ?? [];
  // Guide order, and only steps the lab still has: a step folder renamed since keeps no credit.
  const order = new Map(lab.steps.map((s, i) => [s, i]));
  const passed = (progress?.passed ?? []).filter((p) => order.has(p.step)).sort((a, b) => order.get(a.step)! - order.get(b.step)!);
  return {
    lab: lab.id,
    title: lab.title,
    stepsTotal: lab.steps.length,
    stepsPassed: passed.map((p) => ({ step: p.step, passedAt: p.passedAt })),
    quiz: {
      max: lab.quiz.length,
      firstScore: attempts[0]?.score ?? null,
      bestScore: attempts.length === 0 ? null : Math.max(...attempts.map((a) => a.score)),
      attempts: attempts.map((a, i) => ({
        attempt: i + 1,
        score: a.score,
        max: a.max,
        attemptedAt: a.attemptedAt,
        answers: a.results.map((r) => ({ question: r.question, correct: r.correct, given: r.given ?? null })),
      })),
    },
  };
}

export const EXPORT_CSV_HEADER = [
  'participant', 'joined_at', 'lab', 'lab_title', 'steps_passed', 'steps_total', 'last_step_passed_at',
  'quiz_attempts', 'quiz_first_score', 'quiz_best_score', 'quiz_max', 'quiz_last_attempt_at',
] as const;

/** One record per participant and lab, in join order then the workshop's lab order. */
export function exportCsv(data: WorkshopExport): string {
  const rows: CsvCell[][] = [];
  for (const p of data.participants) {
    for (const lab of p.labs) {
      const lastPass = lab.stepsPassed.map((s) => s.passedAt).sort().at(-1) ?? null;
      rows.push([
        p.name, p.joinedAt, lab.lab, lab.title, lab.stepsPassed.length, lab.stepsTotal, lastPass,
        lab.quiz.attempts.length, lab.quiz.firstScore, lab.quiz.bestScore, lab.quiz.max, lab.quiz.attempts.at(-1)?.attemptedAt ?? null,
      ]);
    }
  }
  return toCsv(EXPORT_CSV_HEADER, rows);
}

/**
 * Reads what a workshop's results are made of: its labs from the catalog,
 * its roster from the workshop store, each participant's steps and quiz
 * attempts from the progress store. The shaping is room-results.ts's.
 */
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { ProgressStore } from '../store/progress-store.js';
import type { Workshop, WorkshopStore } from '../workshops/workshop-store.js';
import type { RoomLab, RoomProgress, RoomRecord } from './room-results.js';

export interface RoomRecordDeps {
  workshops: WorkshopStore;
  progress: ProgressStore;
  catalog: LabCatalog;
}

export function readRoomRecord(deps: RoomRecordDeps, workshop: Workshop): RoomRecord {
  const labs: RoomLab[] = workshop.labs.map((id) => {
    const lab = deps.catalog.get(id);
    // A lab removed from the server since: its progress is still exported, under its id.
    if (!lab) return { id, title: id, steps: [], quiz: [] };
    return { id, title: lab.title, steps: lab.steps.map((s) => s.dir), quiz: lab.quiz };
  });
  const participants = deps.workshops.participants(workshop.id).map((p) => {
    const progress = new Map<string, RoomProgress>();
    for (const lab of labs) {
      progress.set(lab.id, {
        passed: deps.progress.passedSteps(p.learnerId, lab.id),
        attempts: deps.progress.quizAttempts(p.learnerId, lab.id),
      });
    }
    return { id: p.id, name: p.name, joinedAt: p.joinedAt, progress };
  });
  return {
    workshop: { id: workshop.id, title: workshop.title, labs: workshop.labs, createdAt: workshop.createdAt, closedAt: workshop.closedAt },
    labs,
    participants,
  };
}

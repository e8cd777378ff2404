/**
 * Which sessions are recorded: a workshop participant's, while the workshop
 * is open and its recording is on (the default); a solo learner's only when
 * the operator turned RECORD_SOLO_SESSIONS on. Nobody else's (the
 * instructor's own broadcast terminal is a solo session).
 */
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { WorkshopStore } from '../workshops/workshop-store.js';
import type { RecordingPolicy } from './recorder.js';
import type { RecordingStore } from './recording-store.js';

export interface RecordingPolicyDeps {
  workshops: WorkshopStore;
  recordings: RecordingStore;
  catalog: LabCatalog;
  recordSoloSessions: boolean;
}

export function recordingPolicy(deps: RecordingPolicyDeps): RecordingPolicy {
  return (info) => {
    const lab = deps.catalog.get(info.lab)?.title ?? info.lab;
    const participant = deps.workshops.participantByLearner(info.learnerId);
    if (participant) {
      const workshop = deps.workshops.get(participant.workshopId);
      if (!workshop || workshop.closedAt !== null || !deps.recordings.recordingEnabled(workshop.id)) return null;
      return { workshopId: workshop.id, title: `${participant.name} — ${lab} — ${workshop.title}` };
    }
    return deps.recordSoloSessions ? { workshopId: null, title: `${lab} — a solo learner` } : null;
  };
}

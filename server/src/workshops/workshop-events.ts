/**
 * In-process fan-out of what happens in a workshop to the streams that show
 * it: the instructor's dashboard and each learner's page. Nothing is queued
 * here; a stream that is not listening simply misses an event and reads the
 * current state when it (re)connects.
 */
import type { ParticipantEvent } from '../../../common/src/workshop-api.js';

/** `changed`: recompute the dashboard now (a join, a session, a check, the keyboard). */
export type DashboardSignal = { kind: 'changed' };

type Listener<T> = (event: T) => void;

export class WorkshopEvents {
  private readonly dashboards = new Map<string, Set<Listener<DashboardSignal>>>();
  /** Keyed by workshop, then every participant's listeners; `to` filters per participant. */
  private readonly learners = new Map<string, Set<{ participantId: string; fn: Listener<ParticipantEvent> }>>();

  onDashboard(workshopId: string, fn: Listener<DashboardSignal>): () => void {
    return addTo(this.dashboards, workshopId, fn);
  }

  onParticipant(workshopId: string, participantId: string, fn: Listener<ParticipantEvent>): () => void {
    return addTo(this.learners, workshopId, { participantId, fn });
  }

  changed(workshopId: string): void {
    for (const fn of this.dashboards.get(workshopId) ?? []) fn({ kind: 'changed' });
  }

  /** To every participant of the workshop, or only to `participantId`. */
  toLearners(workshopId: string, event: ParticipantEvent, participantId?: string): void {
    for (const l of this.learners.get(workshopId) ?? []) {
      if (participantId === undefined || l.participantId === participantId) l.fn(event);
    }
  }

  /** Streams open right now (the dashboard shows who is connected). */
  listeningParticipants(workshopId: string): Set<string> {
    return new Set([...(this.learners.get(workshopId) ?? [])].map((l) => l.participantId));
  }
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return () => {
    set.delete(value);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  };
}

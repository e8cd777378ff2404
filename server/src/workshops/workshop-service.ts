/**
 * Workshops at run time: what the routes and sockets ask for, on top of the
 * store (what lasts) and the session manager (the sandboxes). Live state that
 * dies with the process is here too: the instructor's broadcast terminal, who
 * holds a learner's keyboard, failed checks on the current step.
 */
import type { Logger } from 'pino';
import {
  joinPath, type Announcement, type KeyboardHolder, type ParticipantStatus, type ParticipantView, type WorkshopSettings,
  type WorkshopSummary, type WorkshopView,
} from '../../../common/src/workshop-api.js';
import { AppError, notFound } from '../errors.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { Session } from '../sessions/session.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { LearnerStore } from '../store/learner-store.js';
import type { ProgressStore } from '../store/progress-store.js';
import type { Instructor } from './instructor-store.js';
import { formatJoinCode } from './join-code.js';
import { KeyboardHandover } from './keyboard-handover.js';
import { participantStatus } from './participant-status.js';
import { WorkshopEvents } from './workshop-events.js';
import type { Participant, StoredAnnouncement, Workshop, WorkshopStore } from './workshop-store.js';

/** Sockets on the broadcast terminal beyond one per participant: the instructor's own tabs. */
const BROADCAST_SPARE_SOCKETS = 4;

export interface WorkshopServiceDeps {
  store: WorkshopStore;
  learners: LearnerStore;
  progress: ProgressStore;
  sessions: SessionManager;
  catalog: LabCatalog;
  log: Logger;
  /** Used where a new workshop does not say (config: SYSLAB_WORKSHOP_*). */
  defaults: WorkshopSettings;
  now?: () => Date;
}

export interface NewWorkshopRequest extends Partial<WorkshopSettings> {
  title: string;
  labs: string[];
}

export interface Joined {
  workshop: Workshop;
  participant: Participant;
  /** The new learner's token; null when this browser's learner was already in the room (a rejoin). */
  learnerToken: string | null;
}

interface Broadcast {
  session: Session;
  lab: string;
}

export class WorkshopService {
  readonly events = new WorkshopEvents();
  private readonly broadcasts = new Map<string, Broadcast>();
  private readonly keyboards = new KeyboardHandover();
  /** workshopId → sandboxes being started for its participants right now. */
  private readonly starting = new Map<string, number>();
  /** sessionId → failed checks the learner asked for on their current step. */
  private readonly failedChecks = new Map<string, { step: number; count: number }>();
  private readonly now: () => Date;

  constructor(private readonly deps: WorkshopServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    // Sandboxes never survive a restart (the driver sweeps them), so nothing recorded is running.
    deps.store.endAllSessions();
  }

  create(instructor: Instructor, request: NewWorkshopRequest): Workshop {
    const unknown = request.labs.filter((id) => !this.deps.catalog.get(id));
    if (unknown.length > 0) {
      throw new AppError(404, 'lab_not_found', `no lab with id ${unknown.map((id) => `"${id}"`).join(', ')}; GET /api/labs lists them`);
    }
    const workshop = this.deps.store.create({
      instructorId: instructor.id,
      title: request.title,
      labs: [...new Set(request.labs)],
      maxParticipants: request.maxParticipants ?? this.deps.defaults.maxParticipants,
      maxSessions: request.maxSessions ?? this.deps.defaults.maxSessions,
      stuckMinutes: request.stuckMinutes ?? this.deps.defaults.stuckMinutes,
    });
    this.deps.log.info({ workshop: workshop.id, labs: workshop.labs }, 'workshop created');
    return workshop;
  }

  /** The instructor's workshop, or 404 (another instructor's is not found either). */
  require(instructor: Instructor, workshopId: string): Workshop {
    const w = this.deps.store.get(workshopId);
    if (!w || w.instructorId !== instructor.id) throw notFound('workshop_not_found', `no workshop "${workshopId}"; GET /api/workshops lists yours`);
    return w;
  }

  list(instructor: Instructor): WorkshopSummary[] {
    return this.deps.store.listForInstructor(instructor.id).map((w) => this.summary(w));
  }

  summary(w: Workshop): WorkshopSummary {
    const code = formatJoinCode(w.code);
    return {
      id: w.id, code, joinPath: joinPath(code), title: w.title, labs: w.labs,
      maxParticipants: w.maxParticipants, maxSessions: w.maxSessions, stuckMinutes: w.stuckMinutes,
      participants: this.deps.store.participantCount(w.id), createdAt: w.createdAt, closedAt: w.closedAt,
    };
  }

  view(w: Workshop): WorkshopView {
    const b = this.broadcasts.get(w.id);
    return {
      workshop: this.summary(w),
      participants: this.statuses(w),
      announcements: this.deps.store.announcements(w.id).map(toAnnouncement),
      broadcast: b ? { sessionId: b.session.id, lab: b.lab } : null,
    };
  }

  statuses(w: Workshop): ParticipantStatus[] {
    const records = this.deps.store.sessions(w.id);
    const now = this.now();
    return this.deps.store.participants(w.id).map((p) => {
      const mine = records.filter((r) => r.participantId === p.id);
      // The newest session still running (a learner with two labs open is where they last went), else the newest.
      const latest = mine.filter((r) => !r.endedAt && this.deps.sessions.get(r.sessionId)).at(-1) ?? mine.at(-1) ?? null;
      const lab = latest ? this.deps.catalog.get(latest.labId) : undefined;
      const session = latest && !latest.endedAt ? this.deps.sessions.get(latest.sessionId) : undefined;
      const running = session !== undefined && !session.isEnded;
      const checks = latest ? this.failedChecks.get(latest.sessionId) : undefined;
      return participantStatus({
        participant: p,
        latest,
        lab,
        passed: lab ? this.deps.progress.passedSteps(p.learnerId, lab.id) : [],
        attempts: lab ? this.deps.progress.quizAttempts(p.learnerId, lab.id) : [],
        running,
        online: running && session.ownerAttached,
        failedChecks: checks?.count ?? 0,
        keyboard: latest ? this.keyboards.holder(latest.sessionId) : 'learner',
        stuckMinutes: w.stuckMinutes,
        now,
      });
    });
  }

  /**
   * A learner joins by code. This browser's learner (`currentLearnerId`, from
   * its cookie) already in the room gets their place back, so a reload or a
   * second tab does not make a second "Ana".
   */
  join(code: string, name: string, currentLearnerId: string | null): Joined {
    const workshop = this.deps.store.findByCode(code);
    if (!workshop) throw notFound('workshop_not_found', 'no workshop has this code; check it with your instructor (codes look like KXR-47P)');
    if (workshop.closedAt) throw new AppError(410, 'workshop_closed', `"${workshop.title}" has ended; ask your instructor for the code of the new one`);
    const already = currentLearnerId ? this.deps.store.participantByLearner(currentLearnerId) : undefined;
    if (already?.workshopId === workshop.id) return { workshop, participant: already, learnerToken: null };
    const { learner, token } = this.deps.learners.create();
    const outcome = this.deps.store.join(workshop.id, learner.id, name);
    if (!outcome.ok) {
      if (outcome.reason === 'full') {
        throw new AppError(409, 'workshop_full', `"${workshop.title}" is full (${workshop.maxParticipants} people); tell your instructor`);
      }
      throw new AppError(410, 'workshop_closed', `"${workshop.title}" has ended`);
    }
    this.deps.log.info({ workshop: workshop.id, participant: outcome.participant.id }, 'participant joined');
    this.events.changed(workshop.id);
    return { workshop, participant: outcome.participant, learnerToken: token };
  }

  /** The participant this learner is, or 404. */
  participantOf(learnerId: string): { participant: Participant; workshop: Workshop } {
    const participant = this.deps.store.participantByLearner(learnerId);
    const workshop = participant && this.deps.store.get(participant.workshopId);
    if (!participant || !workshop) throw notFound('not_in_workshop', 'you have not joined a workshop; open the join link your instructor gave you');
    return { participant, workshop };
  }

  participantView(participant: Participant, workshop: Workshop): ParticipantView {
    const running = this.runningSessionsOf(participant.id);
    return {
      workshop: { id: workshop.id, title: workshop.title, labs: workshop.labs, closed: workshop.closedAt !== null },
      participant: { id: participant.id, name: participant.name },
      announcements: this.deps.store.announcements(workshop.id).map(toAnnouncement),
      broadcasting: this.broadcasts.has(workshop.id),
      keyboard: running.flatMap((s) => {
        const holder = this.keyboards.holder(s.id);
        return holder !== 'learner' ? [{ sessionId: s.id, holder }] : [];
      }),
    };
  }

  /**
   * A sandbox for a participant in one of the workshop's labs. One per lab:
   * an older one for the same lab (another tab) is ended. Counted against
   * the workshop's session limit; the per-client cap counts the participant,
   * not their address (a classroom shares one).
   */
  async startSession(participant: Participant, workshop: Workshop, labId: string): Promise<{ session: Session; token: string }> {
    if (workshop.closedAt) throw new AppError(410, 'workshop_closed', `"${workshop.title}" has ended; its labs are closed`);
    if (!workshop.labs.includes(labId)) {
      throw notFound('lab_not_in_workshop', `this workshop's labs are ${workshop.labs.map((l) => `"${l}"`).join(', ')}; "${labId}" is not one of them`);
    }
    const lab = this.deps.catalog.get(labId);
    if (!lab) throw notFound('lab_not_found', `lab "${labId}" is no longer on this server; tell your instructor`);
    const replaced = this.runningSessionsOf(participant.id).filter((s) => s.info.lab === labId);
    // Sandboxes still starting count too, or a burst of joins would overshoot the limit.
    const running = this.runningSessionsOfWorkshop(workshop.id).length - replaced.length + (this.starting.get(workshop.id) ?? 0);
    if (running >= workshop.maxSessions) {
      throw new AppError(429, 'too_many_sessions', `the workshop already runs ${running} sandboxes, its limit; tell your instructor`);
    }
    this.starting.set(workshop.id, (this.starting.get(workshop.id) ?? 0) + 1);
    let created: { session: Session; token: string };
    try {
      await Promise.all(replaced.map((s) => s.end('destroyed')));
      created = await this.deps.sessions.create({
        lab: lab.id, filesDir: lab.filesDir, network: lab.network, learnerId: participant.learnerId, clientKey: `workshop:${participant.id}`,
      });
    } finally {
      const left = (this.starting.get(workshop.id) ?? 1) - 1;
      if (left > 0) this.starting.set(workshop.id, left); else this.starting.delete(workshop.id);
    }
    this.deps.store.recordSession(participant.id, created.session.id, lab.id);
    created.session.onEnded(() => {
      this.deps.store.endSession(created.session.id);
      this.forgetSession(created.session.id);
      this.events.changed(workshop.id);
    });
    this.events.changed(workshop.id);
    return created;
  }

  /** End every sandbox of the room (and the broadcast) and refuse new ones; roster and results stay. */
  async close(w: Workshop): Promise<Workshop> {
    this.deps.store.close(w.id);
    await Promise.all([
      ...this.runningSessionsOfWorkshop(w.id).map((s) => s.end('destroyed')),
      this.stopBroadcast(w),
    ]);
    const closed = this.deps.store.get(w.id)!;
    this.events.toLearners(w.id, { event: 'closed', data: { closedAt: closed.closedAt! } });
    this.events.changed(w.id);
    this.deps.log.info({ workshop: w.id }, 'workshop closed');
    return closed;
  }

  announce(w: Workshop, message: string): Announcement {
    if (w.closedAt) throw new AppError(410, 'workshop_closed', 'this workshop has ended; nobody would see the message');
    const a = toAnnouncement(this.deps.store.announce(w.id, message));
    this.events.toLearners(w.id, { event: 'announcement', data: a });
    return a;
  }

  /** Starts the instructor's own sandbox in `labId` (default the workshop's first lab), which every learner may watch. */
  async startBroadcast(w: Workshop, instructor: Instructor, labId?: string): Promise<{ session: Session; token: string; lab: string }> {
    if (w.closedAt) throw new AppError(410, 'workshop_closed', 'this workshop has ended');
    const id = labId ?? w.labs[0]!;
    const lab = this.deps.catalog.get(id);
    if (!lab) throw notFound('lab_not_found', `no lab with id "${id}"; GET /api/labs lists them`);
    await this.stopBroadcast(w);
    const created = await this.deps.sessions.create({
      lab: lab.id, filesDir: lab.filesDir, network: lab.network, learnerId: instructor.learnerId, clientKey: `instructor:${instructor.id}`,
      // Everyone in the room may watch, plus a few tabs of the instructor's.
      maxSockets: w.maxParticipants + BROADCAST_SPARE_SOCKETS,
    });
    this.broadcasts.set(w.id, { session: created.session, lab: lab.id });
    created.session.onEnded(() => {
      if (this.broadcasts.get(w.id)?.session !== created.session) return;
      this.broadcasts.delete(w.id);
      this.events.toLearners(w.id, { event: 'broadcast', data: { broadcasting: false } });
      this.events.changed(w.id);
    });
    this.events.toLearners(w.id, { event: 'broadcast', data: { broadcasting: true } });
    this.events.changed(w.id);
    return { ...created, lab: lab.id };
  }

  async stopBroadcast(w: Workshop): Promise<void> {
    await this.broadcasts.get(w.id)?.session.end('destroyed');
  }

  broadcastOf(workshopId: string): Session | undefined {
    return this.broadcasts.get(workshopId)?.session;
  }

  /** A running session of one of this workshop's participants, or 404. */
  requireParticipantSession(w: Workshop, sessionId: string): { session: Session; participant: Participant } {
    const record = this.deps.store.session(sessionId);
    const participant = record && this.deps.store.participant(record.participantId);
    const session = record && !record.endedAt ? this.deps.sessions.get(sessionId) : undefined;
    if (!participant || participant.workshopId !== w.id || !session || session.isEnded) {
      throw notFound('session_not_found', `no running session "${sessionId}" in this workshop; the dashboard shows each learner's current one`);
    }
    return { session, participant };
  }

  /** The instructor asks to type in a learner's terminal; the learner's page asks them. */
  requestKeyboard(w: Workshop, participantId: string): KeyboardHolder {
    const session = this.currentSessionOf(w, participantId);
    if (this.keyboards.mayType(session.id)) return 'instructor';
    this.keyboards.request(session.id);
    this.keyboardChanged(w.id, participantId, session.id, 'requested');
    return 'requested';
  }

  /** The instructor gives the keyboard back (or withdraws the request). */
  releaseKeyboard(w: Workshop, participantId: string): void {
    const session = this.currentSessionOf(w, participantId);
    this.setLearnerHolds(w.id, participantId, session.id);
  }

  /** The learner answers (or, later, takes the keyboard back with allow=false). */
  answerKeyboard(participant: Participant, sessionId: string, allow: boolean): KeyboardHolder {
    const session = this.runningSessionsOf(participant.id).find((s) => s.id === sessionId);
    if (!session) throw notFound('session_not_found', `"${sessionId}" is not one of your running sessions`);
    if (allow) {
      if (!this.keyboards.allow(sessionId)) throw new AppError(409, 'not_requested', 'your instructor has not asked for your keyboard');
      this.keyboardChanged(participant.workshopId, participant.id, sessionId, 'instructor');
      return 'instructor';
    }
    this.setLearnerHolds(participant.workshopId, participant.id, sessionId);
    return 'learner';
  }

  mayType(sessionId: string): boolean {
    return this.keyboards.mayType(sessionId);
  }

  /** An instructor socket typing in `sessionId`; `close` ends it when the learner takes the keyboard back. Returns the unregister. */
  addControlSocket(sessionId: string, close: () => void): () => void {
    return this.keyboards.addTypingSocket(sessionId, close);
  }

  /** From the lab engine: a check the learner asked for failed or passed. */
  stepChecked(sessionId: string, step: number, passed: boolean, manual: boolean): void {
    const record = this.deps.store.session(sessionId);
    if (!record) return;
    const previous = this.failedChecks.get(sessionId);
    if (passed) this.failedChecks.delete(sessionId);
    else if (manual) this.failedChecks.set(sessionId, { step, count: previous?.step === step ? previous.count + 1 : 1 });
    else return;
    const participant = this.deps.store.participant(record.participantId);
    if (participant) this.events.changed(participant.workshopId);
  }

  private setLearnerHolds(workshopId: string, participantId: string, sessionId: string) {
    if (!this.keyboards.giveBack(sessionId)) return;
    this.keyboardChanged(workshopId, participantId, sessionId, 'learner');
  }

  private keyboardChanged(workshopId: string, participantId: string, sessionId: string, holder: KeyboardHolder) {
    this.events.toLearners(workshopId, { event: 'keyboard', data: { sessionId, holder } }, participantId);
    this.events.changed(workshopId);
  }

  private currentSessionOf(w: Workshop, participantId: string): Session {
    const participant = this.deps.store.participant(participantId);
    if (!participant || participant.workshopId !== w.id) throw notFound('participant_not_found', `no participant "${participantId}" in this workshop`);
    const latest = this.deps.store.sessions(w.id).filter((r) => r.participantId === participantId && !r.endedAt).at(-1);
    const session = latest && this.deps.sessions.get(latest.sessionId);
    if (!session || session.isEnded) throw new AppError(409, 'no_session', `${participant.name} has no lab open right now`);
    return session;
  }

  private runningSessionsOf(participantId: string): Session[] {
    const participant = this.deps.store.participant(participantId);
    if (!participant) return [];
    return this.deps.store.sessions(participant.workshopId)
      .filter((r) => r.participantId === participantId && !r.endedAt)
      .flatMap((r) => {
        const s = this.deps.sessions.get(r.sessionId);
        return s && !s.isEnded ? [s] : [];
      });
  }

  private runningSessionsOfWorkshop(workshopId: string): Session[] {
    return this.deps.store.sessions(workshopId).filter((r) => !r.endedAt).flatMap((r) => {
      const s = this.deps.sessions.get(r.sessionId);
      return s && !s.isEnded ? [s] : [];
    });
  }

  private forgetSession(sessionId: string) {
    this.keyboards.giveBack(sessionId);
    this.failedChecks.delete(sessionId);
  }
}

function toAnnouncement(a: StoredAnnouncement): Announcement {
  return { id: a.id, message: a.message, sentAt: a.sentAt };
}

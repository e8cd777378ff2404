/**
 * Workshops, their rosters, the sessions participants ran and the
 * announcements sent, in SQLite (migration 2). Closing a workshop keeps all of
 * it: results and recordings are read from here afterwards.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/database.js';
import { uniqueDisplayName } from './display-name.js';
import { newJoinCode } from './join-code.js';

export interface Workshop {
  id: string;
  instructorId: string;
  title: string;
  labs: string[];
  /** Stored form, no dash ("KXR47P"). */
  code: string;
  maxParticipants: number;
  maxSessions: number;
  stuckMinutes: number;
  createdAt: string;
  closedAt: string | null;
}

export type NewWorkshop = Pick<Workshop, 'instructorId' | 'title' | 'labs' | 'maxParticipants' | 'maxSessions' | 'stuckMinutes'>;

export interface Participant {
  id: string;
  workshopId: string;
  learnerId: string;
  name: string;
  joinedAt: string;
}

export interface WorkshopSessionRecord {
  sessionId: string;
  participantId: string;
  labId: string;
  startedAt: string;
  endedAt: string | null;
}

export interface StoredAnnouncement {
  id: number;
  workshopId: string;
  message: string;
  sentAt: string;
}

export type JoinOutcome =
  | { ok: true; participant: Participant }
  | { ok: false; reason: 'closed' | 'full' };

interface WorkshopRow {
  id: string;
  instructor_id: string;
  title: string;
  labs: string;
  code: string;
  max_participants: number;
  max_sessions: number;
  stuck_minutes: number;
  created_at: string;
  closed_at: string | null;
}
interface ParticipantRow { id: string; workshop_id: string; learner_id: string; name: string; joined_at: string }
interface SessionRow { session_id: string; participant_id: string; lab_id: string; started_at: string; ended_at: string | null }
interface AnnouncementRow { id: number; workshop_id: string; message: string; sent_at: string }

const LabsJson = z.array(z.string());
/** Codes are random; after this many collisions in a row something is wrong (a full code space). */
const MAX_CODE_ATTEMPTS = 20;

export class WorkshopStore {
  private readonly q;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.q = {
      insertWorkshop: db.prepare(`INSERT INTO workshops
        (id, instructor_id, title, labs, code, max_participants, max_sessions, stuck_minutes, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      codeTaken: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM workshops WHERE code = ?'),
      workshop: db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE id = ?'),
      byCode: db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE code = ?'),
      byInstructor: db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE instructor_id = ? ORDER BY created_at DESC, id'),
      open: db.prepare<[], WorkshopRow>('SELECT * FROM workshops WHERE closed_at IS NULL ORDER BY created_at'),
      close: db.prepare('UPDATE workshops SET closed_at = ? WHERE id = ? AND closed_at IS NULL'),
      insertParticipant: db.prepare('INSERT INTO workshop_participants (id, workshop_id, learner_id, name, joined_at) VALUES (?, ?, ?, ?, ?)'),
      participantCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM workshop_participants WHERE workshop_id = ?'),
      nameTaken: db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM workshop_participants WHERE workshop_id = ? AND name = ?'),
      participants: db.prepare<[string], ParticipantRow>('SELECT * FROM workshop_participants WHERE workshop_id = ? ORDER BY joined_at, rowid'),
      participant: db.prepare<[string], ParticipantRow>('SELECT * FROM workshop_participants WHERE id = ?'),
      participantByLearner: db.prepare<[string], ParticipantRow>('SELECT * FROM workshop_participants WHERE learner_id = ?'),
      insertSession: db.prepare('INSERT INTO workshop_sessions (session_id, participant_id, lab_id, started_at) VALUES (?, ?, ?, ?)'),
      endSession: db.prepare('UPDATE workshop_sessions SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL'),
      endAllSessions: db.prepare('UPDATE workshop_sessions SET ended_at = ? WHERE ended_at IS NULL'),
      sessionsOfWorkshop: db.prepare<[string], SessionRow>(`SELECT s.* FROM workshop_sessions s
        JOIN workshop_participants p ON p.id = s.participant_id WHERE p.workshop_id = ? ORDER BY s.started_at, s.rowid`),
      session: db.prepare<[string], SessionRow>('SELECT * FROM workshop_sessions WHERE session_id = ?'),
      insertAnnouncement: db.prepare('INSERT INTO workshop_announcements (workshop_id, message, sent_at) VALUES (?, ?, ?)'),
      announcements: db.prepare<[string], AnnouncementRow>('SELECT * FROM workshop_announcements WHERE workshop_id = ? ORDER BY id'),
    };
  }

  create(w: NewWorkshop): Workshop {
    const id = `w${randomId()}`;
    const createdAt = this.now().toISOString();
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const code = newJoinCode();
      if (this.q.codeTaken.get(code)) continue;
      this.q.insertWorkshop.run(id, w.instructorId, w.title, JSON.stringify(w.labs), code, w.maxParticipants, w.maxSessions, w.stuckMinutes, createdAt);
      return { ...w, labs: [...w.labs], id, code, createdAt, closedAt: null };
    }
    throw new Error(`no free join code after ${MAX_CODE_ATTEMPTS} tries`);
  }

  get(id: string): Workshop | undefined {
    return toWorkshop(this.q.workshop.get(id));
  }

  /** `code` in stored form (join-code.ts normalizeJoinCode). */
  findByCode(code: string): Workshop | undefined {
    return toWorkshop(this.q.byCode.get(code));
  }

  /** Newest first. */
  listForInstructor(instructorId: string): Workshop[] {
    return this.q.byInstructor.all(instructorId).map((r) => toWorkshop(r)!);
  }

  listOpen(): Workshop[] {
    return this.q.open.all().map((r) => toWorkshop(r)!);
  }

  /** Returns false when it was already closed (or does not exist). */
  close(id: string): boolean {
    return this.q.close.run(this.now().toISOString(), id).changes === 1;
  }

  /**
   * Adds a learner under `name`, made unique in the room ("Ana (2)"). In one
   * transaction, so two people joining at once cannot both take the last
   * place or the same name.
   */
  join(workshopId: string, learnerId: string, name: string): JoinOutcome {
    return this.db.transaction((): JoinOutcome => {
      const w = this.get(workshopId);
      if (!w || w.closedAt) return { ok: false, reason: 'closed' };
      if (this.participantCount(workshopId) >= w.maxParticipants) return { ok: false, reason: 'full' };
      const unique = uniqueDisplayName(name, (candidate) => this.q.nameTaken.get(workshopId, candidate) !== undefined);
      const p: Participant = { id: `p${randomId()}`, workshopId, learnerId, name: unique, joinedAt: this.now().toISOString() };
      this.q.insertParticipant.run(p.id, p.workshopId, p.learnerId, p.name, p.joinedAt);
      return { ok: true, participant: p };
    }).immediate();
  }

  participantCount(workshopId: string): number {
    return this.q.participantCount.get(workshopId)?.n ?? 0;
  }

  /** In the order they joined. */
  participants(workshopId: string): Participant[] {
    return this.q.participants.all(workshopId).map(toParticipant);
  }

  participant(id: string): Participant | undefined {
    const row = this.q.participant.get(id);
    return row && toParticipant(row);
  }

  participantByLearner(learnerId: string): Participant | undefined {
    const row = this.q.participantByLearner.get(learnerId);
    return row && toParticipant(row);
  }

  recordSession(participantId: string, sessionId: string, labId: string): WorkshopSessionRecord {
    const startedAt = this.now().toISOString();
    this.q.insertSession.run(sessionId, participantId, labId, startedAt);
    return { sessionId, participantId, labId, startedAt, endedAt: null };
  }

  endSession(sessionId: string): void {
    this.q.endSession.run(this.now().toISOString(), sessionId);
  }

  /**
   * At start-up: sandboxes do not survive a restart (driver.sweep removes
   * them), so no recorded session is running any more.
   */
  endAllSessions(): void {
    this.q.endAllSessions.run(this.now().toISOString());
  }

  /** Every session the workshop's participants ran, oldest first. */
  sessions(workshopId: string): WorkshopSessionRecord[] {
    return this.q.sessionsOfWorkshop.all(workshopId).map(toSession);
  }

  session(sessionId: string): WorkshopSessionRecord | undefined {
    const row = this.q.session.get(sessionId);
    return row && toSession(row);
  }

  announce(workshopId: string, message: string): StoredAnnouncement {
    const sentAt = this.now().toISOString();
    const { lastInsertRowid } = this.q.insertAnnouncement.run(workshopId, message, sentAt);
    return { id: Number(lastInsertRowid), workshopId, message, sentAt };
  }

  /** Oldest first. */
  announcements(workshopId: string): StoredAnnouncement[] {
    return this.q.announcements.all(workshopId).map((r) => ({ id: r.id, workshopId: r.workshop_id, message: r.message, sentAt: r.sent_at }));
  }
}

/** 16 lowercase base32 characters (80 bits): ids appear in URLs, so they must not be guessable. */
function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let id = '';
  for (const b of randomBytes(16)) id += alphabet[b & 31];
  return id;
}

export const WORKSHOP_ID_PATTERN = /^w[a-z2-7]{16}$/;
export const PARTICIPANT_ID_PATTERN = /^p[a-z2-7]{16}$/;

function toWorkshop(r: WorkshopRow | undefined): Workshop | undefined {
  return r && {
    id: r.id,
    instructorId: r.instructor_id,
    title: r.title,
    labs: LabsJson.parse(JSON.parse(r.labs)),
    code: r.code,
    maxParticipants: r.max_participants,
    maxSessions: r.max_sessions,
    stuckMinutes: r.stuck_minutes,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

function toParticipant(r: ParticipantRow): Participant {
  return { id: r.id, workshopId: r.workshop_id, learnerId: r.learner_id, name: r.name, joinedAt: r.joined_at };
}

function toSession(r: SessionRow): WorkshopSessionRecord {
  return { sessionId: r.session_id, participantId: r.participant_id, labId: r.lab_id, startedAt: r.started_at, endedAt: r.ended_at };
}

/**
 * The index of recordings in SQLite (migration "recordings"); the casts
 * themselves are files under DATA_DIR/recordings, named in `file` relative
 * to that directory. A row outlives the server: one whose ended_at is still
 * null at start-up belonged to a server that died, and recovery closes it.
 */
import type { Db } from '../store/database.js';

export interface RecordingRow {
  id: string;
  sessionId: string;
  learnerId: string;
  /** null: a solo learner's session (recorded only when RECORD_SOLO_SESSIONS is on). */
  workshopId: string | null;
  labId: string;
  /** Relative to the recordings directory. */
  file: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  /** null while the session runs. */
  endedAt: string | null;
  /** Size of the file as last known (at the end, exact). */
  bytes: number;
  /** Why recording stopped before the session ended (size cap, disk), or null. */
  stopped: string | null;
  /** How the session ended (`exited`, `idle`, …), `interrupted` after a server crash; null while it runs. */
  endReason: string | null;
}

interface Row {
  id: string;
  session_id: string;
  learner_id: string;
  workshop_id: string | null;
  lab_id: string;
  file: string;
  started_at: string;
  ended_at: string | null;
  bytes: number;
  stopped: string | null;
  end_reason: string | null;
}

export type NewRecording = Omit<RecordingRow, 'endedAt' | 'bytes' | 'stopped' | 'endReason'>;

export class RecordingStore {
  private readonly insertRow;
  private readonly finishRow;
  private readonly byId;
  private readonly byWorkshop;
  private readonly byWorkshopLearner;
  private readonly solo;
  private readonly unfinished;
  private readonly setting;
  private readonly setSetting;

  constructor(db: Db) {
    this.insertRow = db.prepare(
      'INSERT INTO recordings (id, session_id, learner_id, workshop_id, lab_id, file, started_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
    );
    this.finishRow = db.prepare<[string, number, string | null, string, string]>(
      'UPDATE recordings SET ended_at = ?, bytes = ?, stopped = ?, end_reason = ? WHERE id = ?',
    );
    this.byId = db.prepare<[string], Row>('SELECT * FROM recordings WHERE id = ?');
    this.byWorkshop = db.prepare<[string], Row>('SELECT * FROM recordings WHERE workshop_id = ? ORDER BY started_at, id');
    this.byWorkshopLearner = db.prepare<[string, string], Row>(
      'SELECT * FROM recordings WHERE workshop_id = ? AND learner_id = ? ORDER BY started_at, id',
    );
    this.solo = db.prepare<[number], Row>('SELECT * FROM recordings WHERE workshop_id IS NULL ORDER BY started_at DESC, id LIMIT ?');
    this.unfinished = db.prepare<[], Row>('SELECT * FROM recordings WHERE ended_at IS NULL');
    this.setting = db.prepare<[string], { enabled: number }>('SELECT enabled FROM workshop_recording WHERE workshop_id = ?');
    this.setSetting = db.prepare<[string, number]>(
      'INSERT INTO workshop_recording (workshop_id, enabled) VALUES (?, ?) ON CONFLICT (workshop_id) DO UPDATE SET enabled = excluded.enabled',
    );
  }

  insert(r: NewRecording): void {
    this.insertRow.run(r.id, r.sessionId, r.learnerId, r.workshopId, r.labId, r.file, r.startedAt);
  }

  finish(id: string, end: { endedAt: string; bytes: number; stopped: string | null; endReason: string }): void {
    this.finishRow.run(end.endedAt, end.bytes, end.stopped, end.endReason, id);
  }

  get(id: string): RecordingRow | undefined {
    const row = this.byId.get(id);
    return row && toRecording(row);
  }

  /** Oldest first; only one learner's when `learnerId` is given. */
  forWorkshop(workshopId: string, learnerId?: string): RecordingRow[] {
    const rows = learnerId === undefined ? this.byWorkshop.all(workshopId) : this.byWorkshopLearner.all(workshopId, learnerId);
    return rows.map(toRecording);
  }

  /** The latest `limit` recordings of sessions outside any workshop (RECORD_SOLO_SESSIONS), newest first. */
  soloRecordings(limit: number): RecordingRow[] {
    return this.solo.all(limit).map(toRecording);
  }

  /** Whether a workshop's new sessions are recorded: on unless the instructor turned it off. */
  recordingEnabled(workshopId: string): boolean {
    return (this.setting.get(workshopId)?.enabled ?? 1) === 1;
  }

  setRecordingEnabled(workshopId: string, enabled: boolean): void {
    this.setSetting.run(workshopId, enabled ? 1 : 0);
  }

  /** Rows a running server would still be writing: at start-up, left by one that died. */
  unfinishedRecordings(): RecordingRow[] {
    return this.unfinished.all().map(toRecording);
  }
}

function toRecording(r: Row): RecordingRow {
  return {
    id: r.id,
    sessionId: r.session_id,
    learnerId: r.learner_id,
    workshopId: r.workshop_id,
    labId: r.lab_id,
    file: r.file,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    bytes: r.bytes,
    stopped: r.stopped,
    endReason: r.end_reason,
  };
}

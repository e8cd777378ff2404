/**
 * Records sessions as asciicast v2 files: hooks a tap onto each session the
 * policy picks, writes its output to DATA_DIR/recordings/<workshop>/<id>.cast
 * as it happens, and indexes it in SQLite. The file is closed and the row
 * finished when the session ends; a server that died leaves rows that
 * `recover()` closes at the next start.
 *
 * Only output and resizes are recorded, never input ("i" events): what a
 * learner types at a password prompt, a `read -s`, or an ssh passphrase is
 * not echoed and must not end up in a file an instructor can download.
 * Everything the terminal showed is there, which is what an instructor
 * reviewing how someone worked needs.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, truncateSync, appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EndReason, SessionInfo } from '../sessions/session.js';
import type { TerminalTap } from '../sessions/terminal-tap.js';
import { eventLine } from './asciicast.js';
import { AsciicastWriter } from './asciicast-writer.js';
import { RecordingFile } from './recording-file.js';
import { RecordingLimits } from './recording-limits.js';
import type { RecordingRow, RecordingStore } from './recording-store.js';

/** Where recordings live under the data directory. */
export const RECORDINGS_DIR = 'recordings';

/** What a recorder needs of a session (sessions/session.ts). */
export interface RecordableSession {
  readonly id: string;
  readonly info: SessionInfo;
  readonly isEnded: boolean;
  readonly terminalSize: { cols: number; rows: number };
  addTap(tap: TerminalTap): () => void;
  onEnded(fn: (reason: EndReason) => void): () => void;
}

/** Why and under what a session is recorded; null from the policy: not at all. */
export interface RecordingTarget {
  workshopId: string | null;
  /** The header's title: who, which lab, which workshop. */
  title: string;
}

export type RecordingPolicy = (info: SessionInfo) => RecordingTarget | null;

export interface RecorderDeps {
  store: RecordingStore;
  /** The data directory; recordings go in its RECORDINGS_DIR. */
  dataDir: string;
  policy: RecordingPolicy;
  log: Logger;
  now?: () => Date;
}

interface ActiveRecording {
  row: RecordingRow;
  writer: AsciicastWriter;
  file: RecordingFile;
  untap: () => void;
  stopListening: () => void;
}

export class Recorder {
  private readonly active = new Map<string, ActiveRecording>();
  /** Recordings being closed: shutdown waits for them before the database closes. */
  private readonly closing = new Set<Promise<void>>();
  private readonly now: () => Date;
  readonly dir: string;

  constructor(private readonly deps: RecorderDeps) {
    this.now = deps.now ?? (() => new Date());
    this.dir = path.join(deps.dataDir, RECORDINGS_DIR);
  }

  /** For each new session: record it if the policy says so. Never throws (a recording is not worth a session). */
  sessionStarted(session: RecordableSession): void {
    let target: RecordingTarget | null;
    try {
      target = this.deps.policy(session.info);
      if (target && !session.isEnded && !this.active.has(session.id)) this.start(session, target);
    } catch (err) {
      this.deps.log.error({ err, session: session.id }, 'could not start recording; the session goes on unrecorded');
    }
  }

  isRecording(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  /** The recording being written for a session, if any. */
  current(sessionId: string): RecordingRow | undefined {
    return this.active.get(sessionId)?.row;
  }

  /** Absolute path of a recording's file. */
  filePath(row: RecordingRow): string {
    return path.join(this.dir, row.file);
  }

  /** A marker in a session's running recording ("step 2 passed"): the player shows it on its progress bar. */
  marker(sessionId: string, label: string): void {
    this.active.get(sessionId)?.writer.marker(label);
  }

  /** Stop recording a running session (the instructor turned recording off); the file says so at its end. */
  stop(sessionId: string, reason: string): Promise<void> {
    const rec = this.active.get(sessionId);
    if (!rec) return Promise.resolve();
    rec.writer.stop(reason);
    return this.finish(rec, 'stopped');
  }

  /** Every recording's file is closed and its row finished. Call after the sessions have ended, before the database closes. */
  async close(): Promise<void> {
    for (const rec of [...this.active.values()]) void this.finish(rec, 'shutdown');
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  /**
   * At start-up, before any session: rows a dead server left open. The file
   * may end in half a line (the crash came mid-write): cut it back to the
   * last whole line, add a marker saying the recording was interrupted, and
   * finish the row with the file's real size.
   */
  recover(): number {
    const open = this.deps.store.unfinishedRecordings();
    for (const row of open) {
      const file = this.filePath(row);
      let bytes = 0;
      let endedAt = this.now().toISOString();
      if (existsSync(file)) {
        const data = readFileSync(file);
        const whole = data.lastIndexOf(0x0a) + 1;
        if (whole < data.length) truncateSync(file, whole);
        if (whole > 0) {
          const lastTime = lastEventTime(data.subarray(0, whole).toString('utf8'));
          appendFileSync(file, eventLine(lastTime, 'm', 'recording interrupted: the server stopped'));
        }
        const stat = statSync(file);
        bytes = stat.size;
        endedAt = stat.mtime.toISOString();
      }
      this.deps.store.finish(row.id, { endedAt, bytes, stopped: existsSync(file) ? null : 'the file is missing', endReason: 'interrupted' });
      this.deps.log.warn({ recording: row.id, session: row.sessionId, bytes }, 'recording left open by a server that stopped; closed');
    }
    return open.length;
  }

  private start(session: RecordableSession, target: RecordingTarget) {
    const id = randomUUID();
    const relative = path.join(target.workshopId ?? 'solo', `${id}.cast`);
    const absolute = path.join(this.dir, relative);
    // Owner-only, like the database: recordings show everything a learner did.
    mkdirSync(path.dirname(absolute), { recursive: true, mode: 0o700 });
    const started = this.now();
    let rec: ActiveRecording | undefined;
    const file = new RecordingFile(absolute, (err) => {
      this.deps.log.error({ err, recording: id, session: session.id }, 'recording write failed; stopped');
      rec?.writer.stop('the server could not write it to disk');
      finishIfStopped();
    });
    let forcing = false;
    const { cols, rows } = session.terminalSize;
    const writer = new AsciicastWriter((line) => {
      if (file.append(line, forcing)) return;
      forcing = true;
      writer.stop('the disk is not keeping up');
    }, {
      header: {
        version: 2,
        width: cols,
        height: rows,
        timestamp: Math.floor(started.getTime() / 1000),
        title: target.title,
        env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
      },
      maxBytes: RecordingLimits.MAX_FILE_BYTES,
      reserveBytes: RecordingLimits.STOP_NOTICE_RESERVE_BYTES,
      now: () => performance.now(),
    });
    const row: RecordingRow = {
      id, sessionId: session.id, learnerId: session.info.learnerId, workshopId: target.workshopId, labId: session.info.lab,
      file: relative, startedAt: started.toISOString(), endedAt: null, bytes: 0, stopped: null, endReason: null,
    };
    try {
      this.deps.store.insert(row);
    } catch (err) {
      void file.close();
      throw err;
    }
    // A writer that stopped by itself (its size cap, the disk) is done: close the file and
    // the row now, and let the learner's badge go, though the session goes on.
    const finishIfStopped = () => {
      if (rec && writer.status === 'stopped') void this.finish(rec, 'stopped');
    };
    const untap = session.addTap({
      kind: 'recording',
      output: (data) => { writer.output(data); finishIfStopped(); },
      resize: (c, r) => { writer.resize(c, r); finishIfStopped(); },
    });
    rec = { row, writer, file, untap, stopListening: () => {} };
    const recording = rec;
    rec.stopListening = session.onEnded((reason) => void this.finish(recording, reason));
    this.active.set(session.id, rec);
    this.deps.log.info({ recording: id, session: session.id, workshop: target.workshopId }, 'recording started');
  }

  private finish(rec: ActiveRecording, reason: EndReason | 'stopped'): Promise<void> {
    if (this.active.get(rec.row.sessionId) !== rec) return Promise.resolve();
    this.active.delete(rec.row.sessionId);
    rec.untap();
    rec.stopListening();
    rec.writer.end();
    const done = rec.file.close().then(() => {
      const bytes = statSizeOr(this.filePath(rec.row), rec.writer.bytesWritten);
      const stopped = rec.writer.stoppedBecause;
      this.deps.store.finish(rec.row.id, { endedAt: this.now().toISOString(), bytes, stopped, endReason: reason });
      this.deps.log.info({ recording: rec.row.id, session: rec.row.sessionId, bytes, stopped, reason }, 'recording finished');
    }).catch((err: unknown) => {
      this.deps.log.error({ err, recording: rec.row.id }, 'could not finish recording');
    });
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
    return done;
  }
}

function statSizeOr(file: string, fallback: number): number {
  try {
    return statSync(file).size;
  } catch {
    return fallback;
  }
}

/** Time of the last event in whole lines of a cast, or 0. */
function lastEventTime(text: string): number {
  const lines = text.trimEnd().split('\n');
  if (lines.length < 2) return 0;
  try {
    const event = JSON.parse(lines.at(-1)!) as unknown;
    return Array.isArray(event) && typeof event[0] === 'number' ? event[0] : 0;
  } catch {
    return 0;
  }
}

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndReason, SessionInfo } from '../sessions/session.js';
import type { TerminalTap } from '../sessions/terminal-tap.js';
import { openDatabase, type Db } from '../store/database.js';
import { LearnerStore } from '../store/learner-store.js';
import { makeDataDir } from '../store/store-fixture.js';
import { InstructorStore } from '../workshops/instructor-store.js';
import { WorkshopStore } from '../workshops/workshop-store.js';
import { parseAsciicast } from './asciicast.js';
import { Recorder, type RecordableSession } from './recorder.js';
import { RecordingLimits } from './recording-limits.js';
import { RecordingStore } from './recording-store.js';

const log = pino({ level: 'silent' });
let dataDir: string;
let cleanup: () => void;
let db: Db;
let learnerId: string;
let workshopId: string;

beforeEach(() => {
  ({ dataDir, cleanup } = makeDataDir());
  db = openDatabase(dataDir);
  const learners = new LearnerStore(db);
  const instructorId = new InstructorStore(db, learners).setUp('k').instructor.id;
  workshopId = new WorkshopStore(db).create({ instructorId, title: 'T', labs: ['hello'], maxParticipants: 5, maxSessions: 5, stuckMinutes: 5 }).id;
  learnerId = learners.create().learner.id;
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

/**
 * The session side of a recording, driven by hand: the real Session is in
 * tests/recording (a sandbox, a pty); here the recorder's own bookkeeping.
 */
class HandDrivenSession implements RecordableSession {
  readonly id = 'sess-1';
  readonly info: SessionInfo = { id: 'sess-1', lab: 'hello', learnerId: '', clientKey: 'k', tokenHash: 'h' };
  isEnded = false;
  terminalSize = { cols: 100, rows: 30 };
  readonly taps = new Set<TerminalTap>();
  private readonly ended = new Set<(r: EndReason) => void>();
  constructor(learner: string) { this.info.learnerId = learner; }
  addTap(tap: TerminalTap) { this.taps.add(tap); return () => { this.taps.delete(tap); }; }
  onEnded(fn: (r: EndReason) => void) { this.ended.add(fn); return () => { this.ended.delete(fn); }; }
  print(text: string) { for (const t of this.taps) t.output(Buffer.from(text)); }
  end(reason: EndReason) { this.isEnded = true; for (const fn of this.ended) fn(reason); }
}

function recorderFor(policy: 'workshop' | 'none' = 'workshop') {
  const store = new RecordingStore(db);
  const recorder = new Recorder({
    store, dataDir, log,
    policy: () => (policy === 'workshop' ? { workshopId, title: 'Ada — Hello — T' } : null),
  });
  return { store, recorder };
}

describe('Recorder', () => {
  it('records a session the policy picks into a cast file, indexed, and finishes both when the session ends', async () => {
    const { store, recorder } = recorderFor();
    const session = new HandDrivenSession(learnerId);
    recorder.sessionStarted(session);
    expect(recorder.isRecording(session.id)).toBe(true);
    const running = store.forWorkshop(workshopId);
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({ sessionId: 'sess-1', learnerId, labId: 'hello', endedAt: null });

    session.print('$ ls\r\nhello.txt\r\n');
    session.end('exited');
    await recorder.close();

    expect(session.taps.size).toBe(0);
    const [row] = store.forWorkshop(workshopId);
    const file = recorder.filePath(row!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(row).toMatchObject({ endReason: 'exited', stopped: null, bytes: statSync(file).size });
    expect(row!.endedAt).not.toBeNull();
    const cast = parseAsciicast(readFileSync(file, 'utf8'));
    expect(cast.header).toMatchObject({ version: 2, width: 100, height: 30, title: 'Ada — Hello — T' });
    expect(cast.events.map(([, c, d]) => [c, d])).toEqual([['o', '$ ls\r\nhello.txt\r\n']]);
  });

  it('records nothing the policy does not pick', () => {
    const { store, recorder } = recorderFor('none');
    const session = new HandDrivenSession(learnerId);
    recorder.sessionStarted(session);
    expect(session.taps.size).toBe(0);
    expect(store.forWorkshop(workshopId)).toEqual([]);
  });

  it('stop() ends a recording while the session goes on, and says why in the file and the index', async () => {
    const { store, recorder } = recorderFor();
    const session = new HandDrivenSession(learnerId);
    recorder.sessionStarted(session);
    session.print('before');
    await recorder.stop(session.id, 'the instructor turned recording off');
    session.print('after');
    const [row] = store.forWorkshop(workshopId);
    expect(row).toMatchObject({ stopped: 'the instructor turned recording off', endReason: 'stopped' });
    const text = parseAsciicast(readFileSync(recorder.filePath(row!), 'utf8')).events.map(([, , d]) => d).join('');
    expect(text).toContain('before');
    expect(text).toContain('Recording stopped: the instructor turned recording off');
    expect(text).not.toContain('after');
  });

  it('a recording that reaches its size cap is finished at once, says so, and lets go of the session', async () => {
    const { store, recorder } = recorderFor();
    const session = new HandDrivenSession(learnerId);
    recorder.sessionStarted(session);
    const chunk = 'y\r\n'.repeat(20_000);
    for (let written = 0; written < RecordingLimits.MAX_FILE_BYTES * 1.2 && recorder.isRecording(session.id); written += chunk.length) {
      session.print(chunk);
      // Give the disk its turn, as the event loop does between a real pty's reads.
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(recorder.isRecording(session.id)).toBe(false);
    expect(session.taps.size).toBe(0);
    await recorder.close();
    const [row] = store.forWorkshop(workshopId);
    expect(row).toMatchObject({ endReason: 'stopped', stopped: 'it reached its size limit of 16 MiB' });
    expect(row!.bytes).toBeLessThanOrEqual(RecordingLimits.MAX_FILE_BYTES);
    expect(row!.bytes).toBeGreaterThan(RecordingLimits.MAX_FILE_BYTES - 2 * chunk.length);
    const events = parseAsciicast(readFileSync(recorder.filePath(row!), 'utf8')).events;
    expect(events.at(-2)).toEqual([expect.any(Number), 'm', 'recording stopped: it reached its size limit of 16 MiB']);
  });

  it('output faster than the disk takes it stops the recording (bounded memory), not the session', async () => {
    const { store, recorder } = recorderFor();
    const session = new HandDrivenSession(learnerId);
    recorder.sessionStarted(session);
    // All at once, with no turn for the disk: more than MAX_PENDING_BYTES waits.
    const chunk = 'y\r\n'.repeat(20_000);
    for (let i = 0; i < 40 && recorder.isRecording(session.id); i++) session.print(chunk);
    expect(recorder.isRecording(session.id)).toBe(false);
    await recorder.close();
    const [row] = store.forWorkshop(workshopId);
    expect(row).toMatchObject({ endReason: 'stopped', stopped: 'the disk is not keeping up' });
    expect(row!.bytes).toBeLessThanOrEqual(RecordingLimits.MAX_PENDING_BYTES + 2 * chunk.length);
    const text = parseAsciicast(readFileSync(recorder.filePath(row!), 'utf8')).events.map(([, , d]) => d).join('');
    expect(text).toContain('Recording stopped: the disk is not keeping up');
  });

  it('recover() closes what a dead server left: cuts a torn last line, marks the end, finishes the row', () => {
    const store = new RecordingStore(db);
    const file = path.join('w', 'dead.cast');
    mkdirSync(path.join(dataDir, 'recordings', 'w'), { recursive: true });
    writeFileSync(path.join(dataDir, 'recordings', file),
      '{"version":2,"width":80,"height":24}\n[0.5,"o","hi"]\n[1.25,"o","ok"]\n[2.0,"o","tor');
    store.insert({ id: 'r-dead', sessionId: 's', learnerId, workshopId, labId: 'hello', file, startedAt: '2026-11-21T08:00:00.000Z' });
    const missing = path.join('w', 'gone.cast');
    store.insert({ id: 'r-gone', sessionId: 's2', learnerId, workshopId, labId: 'hello', file: missing, startedAt: '2026-11-21T08:00:00.000Z' });

    const { recorder } = recorderFor();
    expect(recorder.recover()).toBe(2);
    const text = readFileSync(path.join(dataDir, 'recordings', file), 'utf8');
    const cast = parseAsciicast(text);
    expect(cast.events.map(([t, c, d]) => [t, c, d])).toEqual([
      [0.5, 'o', 'hi'], [1.25, 'o', 'ok'], [1.25, 'm', 'recording interrupted: the server stopped'],
    ]);
    expect(store.get('r-dead')).toMatchObject({ endReason: 'interrupted', bytes: Buffer.byteLength(text), stopped: null });
    expect(store.get('r-gone')).toMatchObject({ endReason: 'interrupted', bytes: 0, stopped: 'the file is missing' });
    expect(existsSync(path.join(dataDir, 'recordings', missing))).toBe(false);
    expect(store.unfinishedRecordings()).toEqual([]);
  });

  it('a workshop records unless its instructor turned it off', () => {
    const store = new RecordingStore(db);
    expect(store.recordingEnabled(workshopId)).toBe(true);
    store.setRecordingEnabled(workshopId, false);
    expect(store.recordingEnabled(workshopId)).toBe(false);
    store.setRecordingEnabled(workshopId, true);
    expect(store.recordingEnabled(workshopId)).toBe(true);
  });
});

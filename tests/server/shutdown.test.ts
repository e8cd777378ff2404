/**
 * SIGTERM is bounded and leaves a complete database: with a real server and
 * real sandboxes it exits 0 quickly with the WAL folded into syslab.db and the
 * admin socket gone; with a sandbox whose destroy never returns (fake driver
 * fault) the shutdown steps still finish within their budgets, the clients are
 * still told, and the store is still flushed and closed.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerMessage, TerminalRole } from '../../common/src/protocol.js';
import { gracefulShutdown } from '../../server/src/ops/graceful-shutdown.js';
import { FakeDriver } from '../../server/src/sandbox/drivers/fake/fake-driver.js';
import { SessionManager } from '../../server/src/sessions/session-manager.js';
import type { TerminalPeer } from '../../server/src/sessions/terminal-peer.js';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../server/src/store/database.js';
import { LearnerStore } from '../../server/src/store/learner-store.js';
import { createSession, startServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

class RecordingPeer implements TerminalPeer {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly role: TerminalRole = 'owner';
  sendBinary() {}
  sendJson(m: ServerMessage) { this.messages.push(m); }
  close(code: number, reason: string) { this.closed ??= { code, reason }; }
  pauseInput() {}
  resumeInput() {}
}

describe('SIGTERM', () => {
  it('real server: clients told, sandboxes gone, WAL checkpointed, admin socket removed, exit 0', async () => {
    const server = await startServer();
    const dataDir = server.dataDir;
    const sessions = await Promise.all([createSession(server), createSession(server), createSession(server)]);
    const term = await TerminalClient.connect(server.url, sessions[0]!.id, { token: sessions[0]!.token });
    await term.run('echo busy');
    expect(existsSync(path.join(dataDir, 'admin.sock'))).toBe(true);
    // Keep the data directory: its files after exit are the point.
    const started = performance.now();
    server.child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => server.child.on('exit', (c) => r(c)));
    const ms = performance.now() - started;
    console.log(`SIGTERM with 3 sessions: exited ${code} after ${ms.toFixed(0)} ms (load ${os.loadavg()[0]!.toFixed(2)})`);
    try {
      expect(code).toBe(0);
      expect(await term.waitClosed()).toBe(1001);
      const stopped = server.logs.find((l) => l.msg === 'stopped');
      expect(stopped).toMatchObject({ clean: true });
      expect(stopped!.durationMs as number).toBeLessThan(9_000);
      const wal = path.join(dataDir, `${DATABASE_FILE}-wal`);
      expect(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was folded into syslab.db').toBe(true);
      expect(existsSync(path.join(dataDir, 'admin.sock'))).toBe(false);
      // The learners written during the run are in syslab.db itself.
      const db = openDatabase(dataDir);
      expect((db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number }).n).toBeGreaterThanOrEqual(3);
      db.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a sandbox that never finishes dying: the steps still end within their budgets and the store is flushed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-shutdown-'));
    const db = openDatabase(dataDir);
    const learners = new LearnerStore(db);
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } });
    const driver = new FakeDriver({ destroyHangs: true });
    const manager = new SessionManager({
      driver, log,
      sandboxLimits: { memoryBytes: 1, pids: 1, cpus: 1, diskBytes: 1 },
      sessionLimits: { startTimeoutMs: 5_000, maxSockets: 4, maxPendingInputBytes: 1 << 20, scrollbackLines: 100 },
      maxSessions: 10, maxSessionsPerClient: 10, idleMs: 60_000, maxAgeMs: 60_000,
    });
    try {
      const { session } = await manager.create({ lab: 'hello', filesDir: null, clientKey: 'c', learnerId: learners.create().learner.id });
      const peer = new RecordingPeer();
      session.attach(peer);
      let accepting = true;
      const budgets = { sessionsMs: 400, driverMs: 200 };
      const started = performance.now();
      const result = await gracefulShutdown({
        stopAccepting: () => { accepting = false; },
        endSessions: () => manager.shutdown(),
        closeDriver: () => driver.close(),
        closeConnections: () => {},
        flushStore: () => closeDatabase(db),
      }, log, budgets);
      const ms = performance.now() - started;
      expect(accepting).toBe(false);
      expect(result.clean).toBe(false);
      expect(ms).toBeGreaterThanOrEqual(budgets.sessionsMs - 20);
      expect(ms).toBeLessThan(budgets.sessionsMs + budgets.driverMs + 500);
      // Told before the sandbox was asked to go, so the hang did not keep the news from them.
      expect(peer.messages.some((m) => m.type === 'shutdown')).toBe(true);
      expect(peer.closed?.code).toBe(1001);
      expect(lines.filter((l) => l.level === 50).map((l) => l.step)).toEqual(['ending sessions']);
      expect(db.open).toBe(false);
      const wal = path.join(dataDir, `${DATABASE_FILE}-wal`);
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
      await expect(manager.create({ lab: 'hello', filesDir: null, clientKey: 'c', learnerId: 'x' })).rejects.toMatchObject({ status: 503 });
    } finally {
      if (db.open) db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a step that throws does not stop the ones after it: the store is still closed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-shutdown-'));
    const db = openDatabase(dataDir);
    try {
      const result = await gracefulShutdown({
        stopAccepting: () => {},
        endSessions: async () => { throw new Error('boom'); },
        closeDriver: async () => {},
        closeConnections: () => { throw new Error('bang'); },
        flushStore: () => closeDatabase(db),
      }, pino({ level: 'silent' }));
      expect(result.clean).toBe(false);
      expect(db.open).toBe(false);
    } finally {
      if (db.open) db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

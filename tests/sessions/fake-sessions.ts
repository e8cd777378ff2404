/**
 * The session layer over the fake driver, for the session suites: a manager
 * (shut down after each test), a peer that records what a socket would get,
 * and a wait. The fake driver's faults are what the suites vary.
 */
import pino from 'pino';
import { afterEach } from 'vitest';
import type { ServerMessage, TerminalRole } from '../../common/src/protocol.js';
import { FakeDriver, type FakeFaults } from '../../server/src/sandbox/drivers/fake/fake-driver.js';
import { SessionManager } from '../../server/src/sessions/session-manager.js';
import type { TerminalPeer } from '../../server/src/sessions/terminal-peer.js';

const log = pino({ level: 'silent' });
const managers: SessionManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.shutdown()));
});

export type ManagerOptions = ConstructorParameters<typeof SessionManager>[0];

export function fakeSessions(faults: FakeFaults = {}, overrides: Partial<ManagerOptions> = {}) {
  const driver = new FakeDriver(faults);
  const manager = new SessionManager({
    driver,
    log,
    sandboxLimits: { memoryBytes: 1, pids: 1, cpus: 1, diskBytes: 1 },
    sessionLimits: { startTimeoutMs: 500, maxSockets: 4, maxPendingInputBytes: 1 << 20, scrollbackLines: 100 },
    maxSessions: 10,
    maxSessionsPerClient: 10,
    idleMs: 60_000,
    maxAgeMs: 60_000,
    ...overrides,
  });
  managers.push(manager);
  return { driver, manager };
}

/** What a terminal socket would have been sent. */
export class RecordingPeer implements TerminalPeer {
  readonly messages: ServerMessage[] = [];
  output = '';
  closed: { code: number; reason: string } | null = null;
  constructor(readonly role: TerminalRole = 'owner') {}
  sendBinary(data: Uint8Array) { this.output += Buffer.from(data).toString(); }
  sendJson(m: ServerMessage) { this.messages.push(m); }
  close(code: number, reason: string) { this.closed ??= { code, reason }; }
  pauseInput() {}
  resumeInput() {}
}

export async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const REQUEST = { lab: 'hello', filesDir: null, clientKey: 'test', learnerId: 'learner-1' };

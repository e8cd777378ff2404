/**
 * The running server's admin API, for `syslab sessions list|kill`: HTTP over
 * a Unix-domain socket in the data directory, never on TCP. File permissions
 * are the authentication: the data directory is 0700 and the socket 0600, so
 * only the user the server runs as (root) can connect. docs/operations.md.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AdminSession, AdminSessionList } from './admin-api.js';

export const ADMIN_SOCKET_FILE = 'admin.sock';

/** sun_path is 108 bytes on Linux, the last one a NUL. */
const MAX_SOCKET_PATH = 107;

/** What the admin API needs of the session manager. */
export interface AdminSessions {
  list(): ReadonlyArray<{
    readonly id: string;
    readonly info: { readonly lab: string; readonly learnerId: string; readonly clientKey: string };
    readonly createdAt: number;
    readonly lastActivity: number;
    readonly socketCount: number;
    readonly ownerAttached: boolean;
    readonly isPaused: boolean;
  }>;
  get(id: string): unknown;
  end(id: string, reason: 'destroyed'): Promise<void>;
  /** Warm sandboxes ready now, by lab (not sessions: no learner has them yet). */
  warmByLab?(): ReadonlyMap<string, number>;
}

export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_SOCKET_FILE);
}

export type AdminListen = { ok: true; server: http.Server; path: string } | { ok: false; problem: string; fatal: boolean };

/**
 * Listen on <dataDir>/admin.sock. A socket file left by a dead server is
 * replaced; one a live server answers on means two servers share a data
 * directory, which would make each sweep the other's sandboxes: refused.
 */
export async function listenAdmin(dataDir: string, sessions: AdminSessions, log: Logger): Promise<AdminListen> {
  const socketPath = adminSocketPath(dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    return { ok: false, fatal: false, problem: `the admin socket path ${socketPath} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter data directory for \`syslab sessions\`` };
  }
  if (existsSync(socketPath)) {
    if (await answers(socketPath)) {
      return { ok: false, fatal: true, problem: `another syslab server is running with the data directory ${dataDir} (${socketPath} answers); stop it or use another --data-dir` };
    }
    unlinkSync(socketPath);
  }
  const server = http.createServer((req, res) => {
    handle(req, res, sessions, log).catch((err: unknown) => {
      log.error({ err }, 'admin request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error; see the server log' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return { ok: true, server, path: socketPath };
}

/** Stop listening and remove the socket file (SIGTERM). */
export function closeAdmin(server: http.Server, socketPath: string): void {
  server.close();
  server.closeAllConnections();
  try { unlinkSync(socketPath); } catch { /* already gone */ }
}

const SESSION_PATH = /^\/sessions\/([A-Za-z0-9_-]{1,64})$/;

async function handle(req: http.IncomingMessage, res: http.ServerResponse, sessions: AdminSessions, log: Logger) {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/sessions') {
    const now = Date.now();
    const list: AdminSession[] = sessions.list().map((s) => ({
      id: s.id,
      lab: s.info.lab,
      learner: s.info.learnerId,
      client: s.info.clientKey,
      startedAt: new Date(s.createdAt).toISOString(),
      ageSeconds: Math.round((now - s.createdAt) / 1000),
      idleSeconds: Math.round((now - s.lastActivity) / 1000),
      sockets: s.socketCount,
      ownerAttached: s.ownerAttached,
      paused: s.isPaused,
    }));
    const reply: AdminSessionList = { sessions: list, warm: Object.fromEntries(sessions.warmByLab?.() ?? []) };
    send(res, 200, reply);
    return;
  }
  const match = SESSION_PATH.exec(url);
  if (req.method === 'DELETE' && match) {
    const id = match[1]!;
    if (!sessions.get(id)) {
      send(res, 404, { error: `no running session ${id}` });
      return;
    }
    log.info({ session: id }, 'session killed by an administrator');
    await sessions.end(id, 'destroyed');
    res.writeHead(204).end();
    return;
  }
  send(res, 404, { error: `no admin route ${req.method} ${url}; there are GET /sessions and DELETE /sessions/<id>` });
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

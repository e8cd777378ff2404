/**
 * `syslab sessions list|kill`: the running server's sessions, through its
 * admin socket (admin/admin-socket.ts) in the data directory. Reaching it
 * needs the same user as the server (the socket is 0600 in a 0700 directory).
 */
import http from 'node:http';
import type { AdminSessionList } from '../admin/admin-api.js';
import { adminSocketPath } from '../admin/admin-socket.js';

export class AdminUnreachable extends Error {}

interface Reply {
  status: number;
  body: string;
}

export async function listSessions(dataDir: string): Promise<AdminSessionList> {
  const reply = await request(dataDir, 'GET', '/sessions');
  if (reply.status !== 200) throw new AdminUnreachable(`the server answered ${reply.status}: ${reply.body}`);
  return JSON.parse(reply.body) as AdminSessionList;
}

/** True when the session was ended, false when the server has no such session. */
export async function killSession(dataDir: string, id: string): Promise<boolean> {
  const reply = await request(dataDir, 'DELETE', `/sessions/${encodeURIComponent(id)}`);
  if (reply.status === 204) return true;
  if (reply.status === 404) return false;
  throw new AdminUnreachable(`the server answered ${reply.status}: ${reply.body}`);
}

/** A table a person reads, and the warm sandboxes waiting for one; `--json` gives the raw list instead. */
export function formatSessions({ sessions, warm = {} }: AdminSessionList): string {
  const waiting = Object.entries(warm).filter(([, n]) => n > 0);
  const footer = waiting.length > 0
    ? `warm sandboxes waiting for a session (no learner has them): ${waiting.map(([lab, n]) => `${lab} ${n}`).join(', ')}\n`
    : '';
  if (sessions.length === 0) return `no sessions running\n${footer}`;
  const rows = [['ID', 'LAB', 'AGE', 'IDLE', 'SOCKETS', 'CLIENT', 'STATE']];
  for (const s of sessions) {
    const state = [s.ownerAttached ? 'attached' : 'detached', ...(s.paused ? ['paused'] : [])].join(',');
    rows.push([s.id, s.lab, duration(s.ageSeconds), duration(s.idleSeconds), String(s.sockets), s.client, state]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n${footer}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function request(dataDir: string, method: string, path: string): Promise<Reply> {
  const socketPath = adminSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const why = {
        ENOENT: `no syslab server is running with the data directory ${dataDir} (there is no ${socketPath}); start one with syslab serve, or pass the server's --data-dir`,
        ECONNREFUSED: `no syslab server is listening on ${socketPath} (a server that died left it); start one with syslab serve`,
        EACCES: `permission denied on ${socketPath}: run this as the user the server runs as (root)`,
      }[err.code ?? ''];
      reject(new AdminUnreachable(why ?? `cannot reach the server at ${socketPath}: ${err.message}`));
    });
    req.end();
  });
}

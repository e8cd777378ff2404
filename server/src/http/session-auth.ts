/** Resolves the session a per-session route is about, from its id and credential. */
import type { Request } from 'express';
import { AppError, notFound, unauthorized } from '../errors.js';
import type { Session } from '../sessions/session.js';
import type { SessionManager } from '../sessions/session-manager.js';
import { readCredential } from '../ws/credential.js';

export function requireSession(sessions: SessionManager, req: Request): Session {
  const id = req.params.id;
  if (typeof id !== 'string') throw new AppError(400, 'bad_request', 'missing session id');
  const auth = sessions.authenticate(id, readCredential(req)?.token ?? null);
  if (auth.ok) return auth.session;
  if (auth.status === 404) throw notFound('session_not_found', `no running session "${id}"; it may have ended — start a new one with POST /api/sessions`);
  throw unauthorized();
}

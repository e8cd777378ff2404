/** The session credential cookie, set wherever a session is created (sessions routes, workshops). */
import type { Response } from 'express';
import { SESSION_COOKIE } from '../../../common/src/api.js';

/** Scoped to this session's routes, so a browser can hold several at once and no page script can read it. */
export function setSessionCookie(res: Response, id: string, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: `/api/sessions/${id}`,
  });
}

/**
 * Who may use an instructor route: whoever holds the instructor key, sent as
 * `Authorization: Bearer <key>` (scripts), or a browser signed in with it: the
 * syslab_instructor cookie POST /api/instructor/login sets holds a sign-in
 * token, not the key (EventSource and WebSocket cannot send headers). Anyone else is refused: a known learner with 403
 * (they are someone, just not allowed), a stranger with 401.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { LEARNER_COOKIE, LEARNER_HEADER } from '../../../common/src/api.js';
import { INSTRUCTOR_COOKIE } from '../../../common/src/workshop-api.js';
import { AppError } from '../errors.js';
import type { LearnerStore } from '../store/learner-store.js';
import { readCookie } from '../ws/credential.js';
import type { Instructor, InstructorStore } from './instructor-store.js';

export type InstructorAuth =
  | { ok: true; instructor: Instructor; source: 'bearer' | 'cookie' }
  | { ok: false; status: 401 | 403; message: string };

export interface InstructorAuthDeps {
  instructors: InstructorStore;
  learners: LearnerStore;
}

export function authenticateInstructor(deps: InstructorAuthDeps, req: IncomingMessage): InstructorAuth {
  const bearer = readBearer(req);
  const cookie = readCookie(req.headers.cookie, INSTRUCTOR_COOKIE);
  // A Bearer is the key itself; without one, the cookie's sign-in token.
  const instructor = bearer !== null ? deps.instructors.findByKey(bearer) : cookie ? deps.instructors.findBySignIn(cookie) : undefined;
  if (instructor) return { ok: true, instructor, source: bearer !== null ? 'bearer' : 'cookie' };
  if (isKnownLearner(deps.learners, req, bearer)) {
    return { ok: false, status: 403, message: 'this is for the workshop\'s instructor: a learner\'s credential cannot open it' };
  }
  return {
    ok: false,
    status: 401,
    message: 'instructor key missing or wrong: send Authorization: Bearer <key> (the key printed when the server first started, or SYSLAB_INSTRUCTOR_KEY)',
  };
}

/** Express middleware for instructor routes; the instructor is then `instructorOf(res)`. */
export function requireInstructor(deps: InstructorAuthDeps): RequestHandler {
  return (req, res, next) => {
    const auth = authenticateInstructor(deps, req);
    if (!auth.ok) {
      next(new AppError(auth.status, auth.status === 403 ? 'forbidden' : 'unauthorized', auth.message));
      return;
    }
    res.locals.instructor = auth.instructor;
    next();
  };
}

export function instructorOf(res: Response): Instructor {
  const instructor = res.locals.instructor as Instructor | undefined;
  // Only reachable through requireInstructor; anything else is a wiring bug.
  if (!instructor) throw new Error('instructorOf() on a route not behind requireInstructor');
  return instructor;
}

function readBearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

/** A learner's token in any of the places a learner sends it. */
function isKnownLearner(learners: LearnerStore, req: IncomingMessage, bearer: string | null): boolean {
  const header = req.headers[LEARNER_HEADER];
  const candidates = [bearer, typeof header === 'string' ? header.trim() : null, readCookie(req.headers.cookie, LEARNER_COOKIE)];
  return candidates.some((token) => token !== null && token !== '' && learners.findByToken(token) !== undefined);
}

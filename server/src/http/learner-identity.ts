/**
 * Who is creating a session: the learner named by the `X-Syslab-Learner`
 * header (scripts) or the `syslab_learner` cookie (browsers), or a new
 * learner. Progress belongs to the learner, so it outlives sessions and
 * server restarts.
 */
import type { Request, Response } from 'express';
import { LEARNER_COOKIE, LEARNER_HEADER } from '../../../common/src/api.js';
import { WORKSHOP_HINT_COOKIE } from '../../../common/src/workshop-api.js';
import { AppError } from '../errors.js';
import type { LearnerStore } from '../store/learner-store.js';
import { readCookie } from '../ws/credential.js';

/**
 * 400 days, the longest lifetime browsers keep a cookie (Chrome caps it
 * there): a learner can come back to a lab months later. Each new session
 * renews it.
 */
const LEARNER_COOKIE_MAX_AGE_MS = 400 * 24 * 3600 * 1000;

export interface LearnerIdentity {
  learnerId: string;
  /** The new learner's token when this request made one; null for a known learner. */
  newToken: string | null;
}

/**
 * A wrong header is refused (a script that names a learner means that
 * learner); a wrong or stale cookie (a wiped data directory) quietly gets a
 * new learner, since a browser user cannot fix a cookie.
 */
export function identifyLearner(learners: LearnerStore, req: Request, res: Response): LearnerIdentity {
  const header = req.get(LEARNER_HEADER);
  if (header !== undefined) {
    const learner = header.trim() === '' ? undefined : learners.findByToken(header.trim());
    if (!learner) {
      throw new AppError(401, 'unknown_learner',
        `the ${LEARNER_HEADER} header names no learner: send the "learner" token a POST /api/sessions gave you, or leave the header out to start as a new learner`);
    }
    return { learnerId: learner.id, newToken: null };
  }
  const cookie = readCookie(req.headers.cookie, LEARNER_COOKIE);
  const known = cookie ? learners.findByToken(cookie) : undefined;
  if (known) {
    setLearnerCookie(res, cookie!, req.secure);
    return { learnerId: known.id, newToken: null };
  }
  const { learner, token } = learners.create();
  // Set now, before the session is made: if that fails (too many sessions),
  // trying again reuses this learner instead of making another.
  setLearnerCookie(res, token, req.secure);
  return { learnerId: learner.id, newToken: token };
}

export function setLearnerCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(LEARNER_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: LEARNER_COOKIE_MAX_AGE_MS,
  });
}

/** The page's hint that this learner joined a workshop (common/src/workshop-api.ts); it grants nothing. */
export function setWorkshopHintCookie(res: Response, secure: boolean): void {
  res.cookie(WORKSHOP_HINT_COOKIE, '1', { httpOnly: false, sameSite: 'strict', secure, path: '/', maxAge: LEARNER_COOKIE_MAX_AGE_MS });
}

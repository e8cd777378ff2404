/**
 * The learner's side of a workshop (docs/api.md, "Workshops"): joining by
 * code, then, as that learner (cookie or X-Syslab-Learner), the room's state,
 * its events, a sandbox per lab and the answer to the instructor's request
 * for the keyboard.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { CreatedSession, } from '../../../common/src/api.js';
import { INSTRUCTOR_COOKIE, type JoinedWorkshop } from '../../../common/src/workshop-api.js';
import { AppError, badRequest } from '../errors.js';
import { setLearnerCookie, setWorkshopHintCookie } from '../http/learner-identity.js';
import { learnerOfRequest } from './learner-of-request.js';
import { setSessionCookie } from '../http/session-cookie.js';
import { SseStream } from '../http/sse-stream.js';
import { parseOr400 } from '../http/validate.js';
import type { LearnerStore } from '../store/learner-store.js';
import { cleanDisplayName } from './display-name.js';
import { normalizeJoinCode } from './join-code.js';
import { limitJoins } from './join-rate-limit.js';
import { TokenBuckets } from '../http/session-rate-limit.js';

/**
 * Sandboxes one participant may start: a few labs and restarts a minute is a
 * busy learner; more is churn that costs the room's machine (the general
 * per-address limit does not apply here, since a classroom shares an address).
 */
export const STARTS_PER_PARTICIPANT = { burst: 10, perMinute: 10 } as const;
import { JoinBody, KeyboardAnswerBody, StartSessionBody } from './workshop-bodies.js';
import { readCookie } from '../ws/credential.js';
import type { InstructorStore } from './instructor-store.js';
import type { WorkshopService } from './workshop-service.js';

/** Routes anyone may call; everything else under /api/participant needs a participant's learner credential. */
export const PUBLIC_WORKSHOP_ROUTES = [
  { method: 'POST', path: '/api/workshops/join' },
  { method: 'POST', path: '/api/instructor/logout' },
] as const;

export function participantRoutes(service: WorkshopService, learners: LearnerStore, instructors: InstructorStore, joinLimit: RequestHandler = limitJoins()): Router {
  const r = Router();
  const starts = new TokenBuckets(STARTS_PER_PARTICIPANT);
  const me = (req: Request) => {
    const learnerId = learnerOfRequest(learners, req);
    if (!learnerId) {
      throw new AppError(401, 'unauthorized', 'join a workshop first (POST /api/workshops/join), then send the learner credential it gave you');
    }
    return service.participantOf(learnerId);
  };

  r.post('/api/workshops/join', joinLimit, (req, res) => {
    const body = parseOr400(JoinBody, req.body, 'body (expected {"code": "KXR-47P", "name": "…"})');
    const code = normalizeJoinCode(body.code);
    if (!code) throw badRequest('a join code has six letters and digits, like KXR-47P; check it with your instructor');
    const name = cleanDisplayName(body.name);
    if (!name.ok) throw badRequest(`name: ${name.message}`);
    const joined = service.join(code, name.name, learnerOfRequest(learners, req) ?? null);
    if (joined.learnerToken) setLearnerCookie(res, joined.learnerToken, req.secure);
    setWorkshopHintCookie(res, req.secure);
    const answer: JoinedWorkshop & { rejoined: boolean } = {
      workshop: { id: joined.workshop.id, title: joined.workshop.title, labs: joined.workshop.labs },
      participant: { id: joined.participant.id, name: joined.participant.name },
      learner: joined.learnerToken ?? '',
      rejoined: joined.learnerToken === null,
    };
    res.status(joined.learnerToken ? 201 : 200).json(answer);
  });

  r.post('/api/instructor/logout', (req, res) => {
    const token = readCookie(req.headers.cookie, INSTRUCTOR_COOKIE);
    if (token) instructors.signOut(token);
    res.clearCookie(INSTRUCTOR_COOKIE, { path: '/api' });
    res.status(204).end();
  });

  r.get('/api/participant', (req, res) => {
    const { participant, workshop } = me(req);
    res.json(service.participantView(participant, workshop));
  });

  r.get('/api/participant/events', (req, res) => {
    const { participant, workshop } = me(req);
    const stream = new SseStream(req, res);
    stream.send('hello', service.participantView(participant, workshop));
    const off = service.events.onParticipant(workshop.id, participant.id, (e) => stream.send(e.event, e.data));
    stream.onClose(off);
  });

  r.post('/api/participant/sessions', async (req, res) => {
    const { participant, workshop } = me(req);
    const { lab } = parseOr400(StartSessionBody, req.body, 'body (expected {"lab": "<lab id>"})');
    const taken = starts.take(participant.id);
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      res.set('Retry-After', String(seconds));
      throw new AppError(429, 'too_many_sessions', `You started ${STARTS_PER_PARTICIPANT.burst} sandboxes in a short time; wait ${seconds} s before starting another.`);
    }
    const { session, token } = await service.startSession(participant, workshop, lab);
    setSessionCookie(res, session.id, token, req.secure);
    const created: CreatedSession = { id: session.id, token, lab };
    res.status(201).json(created);
  });

  r.post('/api/participant/keyboard', (req, res) => {
    const { participant } = me(req);
    const body = parseOr400(KeyboardAnswerBody, req.body, 'body (expected {"sessionId": "…", "allow": true|false})');
    res.json({ keyboard: service.answerKeyboard(participant, body.sessionId, body.allow) });
  });

  return r;
}

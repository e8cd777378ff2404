/**
 * The instructor's HTTP routes (docs/api.md, "Workshops"): every one is a row
 * of WORKSHOP_INSTRUCTOR_ROUTES, mounted behind requireInstructor.
 */
import { Router, type Request, type Response } from 'express';
import { INSTRUCTOR_COOKIE, type CreatedWorkshop } from '../../../common/src/workshop-api.js';
import { badRequest } from '../errors.js';
import { SseStream } from '../http/sse-stream.js';
import { setSessionCookie } from '../http/session-cookie.js';
import { parseOr400 } from '../http/validate.js';
import { instructorOf } from './instructor-auth.js';
import { mountInstructorRoutes, WORKSHOP_INSTRUCTOR_ROUTES } from './instructor-routes.js';
import { AnnouncementBody, BroadcastBody, CreateWorkshopBody } from './workshop-bodies.js';
import type { InstructorStore } from './instructor-store.js';
import type { WorkshopService } from './workshop-service.js';
import type { RequestHandler } from 'express';

/** A browser sign-in lasts a working day; scripts send the key on every request instead. */
const INSTRUCTOR_COOKIE_MAX_AGE_MS = 12 * 3600 * 1000;
/**
 * The dashboard is recomputed this often even when nothing signals a change:
 * "time on step" and "stuck" move with the clock alone. Each pass is a few
 * indexed SQLite reads per participant.
 */
export const DASHBOARD_REFRESH_MS = 2000;

export function workshopRoutes(service: WorkshopService, instructors: InstructorStore, requireInstructor: RequestHandler): Router {
  const r = Router();
  const workshop = (req: Request, res: Response) => service.require(instructorOf(res), String(req.params.workshopId));

  mountInstructorRoutes(r, requireInstructor, WORKSHOP_INSTRUCTOR_ROUTES, {
    whoAmI: (_req, res) => {
      res.json({ instructor: instructorOf(res).id });
    },

    // Trades the key (as Bearer) for an HttpOnly cookie holding a sign-in
    // token, so the page's EventSource and WebSockets are signed in; the key
    // itself never sits in the browser, and signing out revokes the token.
    login: (req, res) => {
      if (!/^Bearer\s+\S+$/i.test(req.get('authorization') ?? '')) throw badRequest('send the key as Authorization: Bearer <key> to sign in');
      const token = instructors.signIn(instructorOf(res).id, INSTRUCTOR_COOKIE_MAX_AGE_MS);
      res.cookie(INSTRUCTOR_COOKIE, token, {
        httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api', maxAge: INSTRUCTOR_COOKIE_MAX_AGE_MS,
      });
      res.status(204).end();
    },

    listWorkshops: (_req, res) => {
      res.json(service.list(instructorOf(res)));
    },

    createWorkshop: (req, res) => {
      const body = parseOr400(CreateWorkshopBody, req.body, 'body (expected {"title": "…", "labs": ["<lab id>", …]})');
      const w = service.create(instructorOf(res), body);
      const { code, joinPath } = service.summary(w);
      const created: CreatedWorkshop = { id: w.id, code, joinPath };
      res.status(201).location(`/api/workshops/${w.id}`).json(created);
    },

    getWorkshop: (req, res) => {
      res.json(service.view(workshop(req, res)));
    },

    workshopEvents: (req, res) => {
      const w = workshop(req, res);
      const stream = new SseStream(req, res);
      let last = '';
      const push = () => {
        const current = service.view(service.require(instructorOf(res), w.id));
        const json = JSON.stringify(current);
        if (json !== last) stream.send('workshop', current);
        last = json;
      };
      push();
      const timer = setInterval(push, DASHBOARD_REFRESH_MS);
      const off = service.events.onDashboard(w.id, push);
      stream.onClose(() => {
        clearInterval(timer);
        off();
      });
    },

    closeWorkshop: async (req, res) => {
      res.json(service.summary(await service.close(workshop(req, res))));
    },

    announce: (req, res) => {
      const w = workshop(req, res);
      const { message } = parseOr400(AnnouncementBody, req.body, 'body (expected {"message": "…"})');
      res.status(201).json(service.announce(w, message));
    },

    startBroadcast: async (req, res) => {
      const w = workshop(req, res);
      const body = parseOr400(BroadcastBody, req.body ?? {}, 'body (expected {} or {"lab": "<lab id>"})');
      const { session, token, lab } = await service.startBroadcast(w, instructorOf(res), body.lab);
      setSessionCookie(res, session.id, token, req.secure);
      res.status(201).json({ id: session.id, token, lab });
    },

    stopBroadcast: async (req, res) => {
      await service.stopBroadcast(workshop(req, res));
      res.status(204).end();
    },

    requestKeyboard: (req, res) => {
      const holder = service.requestKeyboard(workshop(req, res), String(req.params.participantId));
      res.status(202).json({ keyboard: holder });
    },

    releaseKeyboard: (req, res) => {
      service.releaseKeyboard(workshop(req, res), String(req.params.participantId));
      res.status(204).end();
    },
  });

  return r;
}

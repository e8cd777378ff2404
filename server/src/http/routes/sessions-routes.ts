import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, type CreatedSession } from '../../../../common/src/api.js';
import { notFound } from '../../errors.js';
import type { LabCatalog } from '../../labs/lab-catalog.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import type { LearnerStore } from '../../store/learner-store.js';
import { identifyLearner } from '../learner-identity.js';
import { setSessionCookie } from '../session-cookie.js';
import { requireSession } from '../session-auth.js';
import { clientAddressKey } from '../session-rate-limit.js';
import { parseOr400 } from '../validate.js';

const CreateSessionBody = z.strictObject({
  lab: z.string().min(1).max(64),
});

/**
 * `createLimit` runs first on POST /api/sessions (session-rate-limit.ts), so a
 * refused request costs nothing: no learner is made, no sandbox started.
 */
export function sessionsRoutes(sessions: SessionManager, catalog: LabCatalog, learners: LearnerStore, createLimit: RequestHandler): Router {
  const r = Router();

  r.post('/api/sessions', createLimit, async (req, res) => {
    const body = parseOr400(CreateSessionBody, req.body, 'body (expected {"lab": "<id>"})');
    const lab = catalog.get(body.lab);
    if (!lab) throw notFound('lab_not_found', `no lab with id "${body.lab}"; GET /api/labs lists them`);
    const learner = identifyLearner(learners, req, res);
    const { session, token } = await sessions.create({
      lab: lab.id, filesDir: lab.filesDir, network: lab.network, learnerId: learner.learnerId, clientKey: clientAddressKey(req.ip),
    });
    setSessionCookie(res, session.id, token, req.secure);
    const created: CreatedSession = { id: session.id, token, lab: lab.id, ...(learner.newToken ? { learner: learner.newToken } : {}) };
    res.status(201).json(created);
  });

  // Lets a page tell "this session is gone" (404) from "the socket was refused"
  // before it reconnects: browsers hide a refused upgrade's status.
  r.get('/api/sessions/:id', (req, res) => {
    const session = requireSession(sessions, req);
    res.json({ id: session.id, lab: session.info.lab, createdAt: new Date(session.createdAt).toISOString(), sockets: session.socketCount });
  });

  r.delete('/api/sessions/:id', async (req, res) => {
    const session = requireSession(sessions, req);
    await sessions.end(session.id, 'destroyed');
    res.clearCookie(SESSION_COOKIE, { path: `/api/sessions/${session.id}` });
    res.status(204).end();
  });

  return r;
}

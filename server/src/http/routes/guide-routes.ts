/**
 * The guide's per-session routes (docs/api.md, "Guide"): open and check a
 * step, read progress, submit the quiz. Each needs the session's credential.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { badRequest } from '../../errors.js';
import type { LabEngine } from '../../engine/lab-engine.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import { requireSession } from '../session-auth.js';
import { parseOr400 } from '../validate.js';

/** `manual`: the learner pressed Check (an instructor's dashboard counts those that fail); polls send nothing. */
const CheckBody = z.strictObject({ manual: z.boolean().optional() });

export function guideRoutes(sessions: SessionManager, engine: LabEngine): Router {
  const r = Router();

  r.post('/api/sessions/:id/steps/:index/open', async (req, res) => {
    const session = requireSession(sessions, req);
    res.json(await engine.openStep(session, stepIndex(req)));
  });

  r.post('/api/sessions/:id/steps/:index/check', async (req, res) => {
    const session = requireSession(sessions, req);
    const body = parseOr400(CheckBody, req.body ?? {}, 'body (expected nothing, {} or {"manual": true})');
    res.json(await engine.checkStep(session, stepIndex(req), body.manual ?? false));
  });

  r.get('/api/sessions/:id/progress', (req, res) => {
    const session = requireSession(sessions, req);
    res.json(engine.progress(session));
  });

  r.post('/api/sessions/:id/quiz', async (req, res) => {
    const session = requireSession(sessions, req);
    res.json(await engine.submitQuiz(session, req.body));
  });

  return r;
}

/** The step's number from the path: a whole number (whether the lab has that step is the engine's 404). */
function stepIndex(req: Request): number {
  const raw = String(req.params.index);
  if (!/^\d{1,6}$/.test(raw)) throw badRequest(`"${raw}" is not a step number: steps are numbered 1, 2, 3, … in the lab's order`);
  return Number(raw);
}

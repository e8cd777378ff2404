import { Router } from 'express';
import { notFound } from '../../errors.js';
import type { LabCatalog } from '../../labs/lab-catalog.js';

export function labsRoutes(catalog: LabCatalog): Router {
  const r = Router();
  r.get('/api/labs', (_req, res) => {
    res.json(catalog.list());
  });
  /** What the guide shows: texts, steps and quiz questions, never answers or scripts. */
  r.get('/api/labs/:id', (req, res) => {
    const lab = catalog.get(req.params.id);
    if (!lab) throw notFound('lab_not_found', `no lab with id "${req.params.id}"; GET /api/labs lists them`);
    res.json(catalog.publicView(lab));
  });
  return r;
}

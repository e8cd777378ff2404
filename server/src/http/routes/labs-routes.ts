import { Router } from 'express';
import type { LabCatalog } from '../../labs/lab-catalog.js';

export function labsRoutes(catalog: LabCatalog): Router {
  const r = Router();
  r.get('/api/labs', (_req, res) => {
    res.json(catalog.list());
  });
  return r;
}

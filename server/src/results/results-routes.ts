/**
 * A workshop's results over HTTP (docs/api.md, "Results"): the room's quiz
 * statistics for the chart, and everyone's progress as CSV and JSON files.
 * Instructor only, each a row of RESULTS_INSTRUCTOR_ROUTES.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { ProgressStore } from '../store/progress-store.js';
import { instructorOf } from '../workshops/instructor-auth.js';
import { mountInstructorRoutes } from '../workshops/instructor-routes.js';
import type { WorkshopService } from '../workshops/workshop-service.js';
import type { Workshop, WorkshopStore } from '../workshops/workshop-store.js';
import { RESULTS_INSTRUCTOR_ROUTES } from './results-route-table.js';
import { readRoomRecord } from './room-record.js';
import { exportCsv, workshopExport, workshopResults } from './room-results.js';


/**
 * Spreadsheets (Excel above all) read a CSV without it as the local code
 * page and garble every accented name; RFC 4180 readers that know UTF-8
 * skip it.
 */
const UTF8_BOM = '\uFEFF';

export interface ResultsRoutesDeps {
  service: WorkshopService;
  workshops: WorkshopStore;
  progress: ProgressStore;
  catalog: LabCatalog;
  now?: () => Date;
}

export function resultsRoutes(deps: ResultsRoutesDeps, requireInstructor: RequestHandler): Router {
  const r = Router();
  const now = deps.now ?? (() => new Date());
  const room = (req: Request, res: Response) => {
    const workshop = deps.service.require(instructorOf(res), String(req.params.workshopId));
    return { workshop, record: readRoomRecord(deps, workshop) };
  };

  mountInstructorRoutes(r, requireInstructor, RESULTS_INSTRUCTOR_ROUTES, {
    results: (req, res) => {
      res.set('Cache-Control', 'no-store').json(workshopResults(room(req, res).record, now()));
    },

    exportCsv: (req, res) => {
      const { workshop, record } = room(req, res);
      const at = now();
      res.set({
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${exportName(workshop, at)}.csv"`,
        'Cache-Control': 'no-store',
      }).send(UTF8_BOM + exportCsv(workshopExport(record, at)));
    },

    exportJson: (req, res) => {
      const { workshop, record } = room(req, res);
      const at = now();
      res.set({
        'Content-Disposition': `attachment; filename="${exportName(workshop, at)}.json"`,
        'Cache-Control': 'no-store',
      }).json(workshopExport(record, at));
    },
  });
  return r;
}

/** "syslab-signals-friday-2026-11-21": ASCII only, so the header needs no encoding. */
function exportName(workshop: Workshop, at: Date): string {
  const slug = workshop.title.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `syslab-${slug || workshop.id}-${at.toISOString().slice(0, 10)}`;
}

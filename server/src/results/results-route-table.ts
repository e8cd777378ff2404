/**
 * The results' instructor routes as data (workshops/instructor-routes.ts):
 * listed in ALL_INSTRUCTOR_ROUTES, so the security suite proves a learner is
 * refused on each. A file of its own, importing only a type, so that list
 * can include it without an import cycle.
 */
import type { InstructorRouteSpec } from '../workshops/instructor-routes.js';

export const RESULTS_INSTRUCTOR_ROUTES = {
  results: { method: 'GET', path: '/api/workshops/:workshopId/results' },
  exportCsv: { method: 'GET', path: '/api/workshops/:workshopId/export.csv' },
  exportJson: { method: 'GET', path: '/api/workshops/:workshopId/export.json' },
} as const satisfies Record<string, InstructorRouteSpec>;

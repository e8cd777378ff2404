/**
 * Every route only the instructor may use, as data. Each area lists its own
 * (workshops here; recordings and results add theirs to ALL_INSTRUCTOR_ROUTES)
 * and mounts its handlers with `mountInstructorRoutes`, which puts the
 * instructor check in front of each and makes the compiler demand a handler
 * for every row. tests/security/instructor-powers.test.ts walks the whole
 * list with a learner's credential and expects 403 from every one, so a route
 * cannot be added without being tested.
 */
import type { RequestHandler, Router } from 'express';
import { RECORDING_INSTRUCTOR_ROUTES } from '../recording/recording-route-table.js';
import { RESULTS_INSTRUCTOR_ROUTES } from '../results/results-route-table.js';

export interface InstructorRouteSpec {
  /** `WS` is a WebSocket upgrade (GET with Upgrade), handled in workshop-sockets.ts. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'WS';
  /** Express path; parameters `:workshopId`, `:participantId`, `:sessionId`. */
  readonly path: string;
}

export const WORKSHOP_INSTRUCTOR_ROUTES = {
  whoAmI: { method: 'GET', path: '/api/instructor' },
  login: { method: 'POST', path: '/api/instructor/login' },
  listWorkshops: { method: 'GET', path: '/api/workshops' },
  createWorkshop: { method: 'POST', path: '/api/workshops' },
  getWorkshop: { method: 'GET', path: '/api/workshops/:workshopId' },
  workshopEvents: { method: 'GET', path: '/api/workshops/:workshopId/events' },
  closeWorkshop: { method: 'POST', path: '/api/workshops/:workshopId/close' },
  announce: { method: 'POST', path: '/api/workshops/:workshopId/announcements' },
  startBroadcast: { method: 'POST', path: '/api/workshops/:workshopId/broadcast' },
  stopBroadcast: { method: 'DELETE', path: '/api/workshops/:workshopId/broadcast' },
  requestKeyboard: { method: 'POST', path: '/api/workshops/:workshopId/participants/:participantId/keyboard' },
  releaseKeyboard: { method: 'DELETE', path: '/api/workshops/:workshopId/participants/:participantId/keyboard' },
  shadowTerminal: { method: 'WS', path: '/api/workshops/:workshopId/sessions/:sessionId/terminal' },
} as const satisfies Record<string, InstructorRouteSpec>;

/**
 * Every instructor route of the server. Another area's table is added here
 * (one line), and the security suite covers it from then on.
 */
export const ALL_INSTRUCTOR_ROUTES: readonly InstructorRouteSpec[] = [
  ...Object.values(WORKSHOP_INSTRUCTOR_ROUTES),
  ...Object.values(RECORDING_INSTRUCTOR_ROUTES),
  ...Object.values(RESULTS_INSTRUCTOR_ROUTES),
];

type HttpRoutes<T extends Record<string, InstructorRouteSpec>> = {
  [K in keyof T as T[K]['method'] extends 'WS' ? never : K]: RequestHandler;
};

/** Mounts one handler per HTTP row of `table`, each behind `guard` (requireInstructor). */
export function mountInstructorRoutes<T extends Record<string, InstructorRouteSpec>>(
  router: Router, guard: RequestHandler, table: T, handlers: HttpRoutes<T>,
): void {
  for (const [name, handler] of Object.entries(handlers as Record<string, RequestHandler>)) {
    const spec = table[name];
    if (!spec || spec.method === 'WS') throw new Error(`instructor route "${name}" is not an HTTP row of its table`);
    const method = spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    router[method](spec.path, guard, handler);
  }
}

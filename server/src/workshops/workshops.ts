/**
 * Builds the workshop feature from the server's parts, for main.ts (the one
 * composition root): the store, the instructor's key, the service, the
 * HTTP routes and the terminal sockets. Recording and results use `store`,
 * `service` and `requireInstructor` from here.
 */
import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import { Router as makeRouter } from 'express';
import type { WorkshopSettings } from '../../../common/src/workshop-api.js';
import type { LabEngine } from '../engine/lab-engine.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { Db } from '../store/database.js';
import type { LearnerStore } from '../store/learner-store.js';
import type { ProgressStore } from '../store/progress-store.js';
import type { TerminalSockets } from '../ws/terminal-socket.js';
import { requireInstructor } from './instructor-auth.js';
import { InstructorStore, type InstructorSetup } from './instructor-store.js';
import { participantRoutes } from './participant-routes.js';
import { workshopRoutes } from './workshop-routes.js';
import { WorkshopService } from './workshop-service.js';
import { WorkshopSockets } from './workshop-sockets.js';
import { WorkshopStore } from './workshop-store.js';

export interface WorkshopsDeps {
  db: Db;
  learners: LearnerStore;
  progress: ProgressStore;
  sessions: SessionManager;
  catalog: LabCatalog;
  engine: LabEngine;
  terminals: TerminalSockets;
  log: Logger;
  allowedOrigins: ReadonlySet<string>;
  /** SYSLAB_INSTRUCTOR_KEY, or null to keep the stored one (or generate one on the first start). */
  instructorKey: string | null;
  defaults: WorkshopSettings;
}

export interface Workshops {
  store: WorkshopStore;
  service: WorkshopService;
  instructors: InstructorStore;
  /** Middleware for any instructor route, whichever area mounts it. */
  requireInstructor: RequestHandler;
  /** Mount under the app's JSON body parser. */
  routes: Router;
  sockets: WorkshopSockets;
  setup: InstructorSetup;
}

export function createWorkshops(deps: WorkshopsDeps): Workshops {
  const instructors = new InstructorStore(deps.db, deps.learners);
  const setup = instructors.setUp(deps.instructorKey);
  const store = new WorkshopStore(deps.db);
  const service = new WorkshopService({
    store, learners: deps.learners, progress: deps.progress, sessions: deps.sessions, catalog: deps.catalog, log: deps.log, defaults: deps.defaults,
  });
  deps.engine.onStepChecked(({ session, index, passed, manual }) => service.stepChecked(session.id, index, passed, manual));
  const guard = requireInstructor({ instructors, learners: deps.learners });
  const routes = makeRouter();
  // Learners' routes first: POST /api/workshops/join must not be taken for an instructor route.
  routes.use(participantRoutes(service, deps.learners, instructors));
  routes.use(workshopRoutes(service, instructors, guard));
  const sockets = new WorkshopSockets({
    service, terminals: deps.terminals, learners: deps.learners, instructors, allowedOrigins: deps.allowedOrigins,
  });
  return { store, service, instructors, requireInstructor: guard, routes, sockets, setup };
}

/**
 * The HTTP application: JSON API under /api, health, and the built web page
 * with a fallback to index.html for the page's own routes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { LabEngine } from '../engine/lab-engine.js';
import type { Inspectors } from '../inspect/inspectors.js';
import type { LabCatalog } from '../labs/lab-catalog.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { LearnerStore } from '../store/learner-store.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { refuseUnknownHosts, type HostPolicy } from './host-policy.js';
import { requestLog } from './request-log.js';
import { guideRoutes } from './routes/guide-routes.js';
import { inspectRoutes } from './routes/inspect-routes.js';
import { securityHeaders } from './security-headers.js';
import { labsRoutes } from './routes/labs-routes.js';
import { opsRoutes, type OpsRouteOptions } from './routes/ops-routes.js';
import { sessionsRoutes } from './routes/sessions-routes.js';

export interface AppDeps {
  sessions: SessionManager;
  catalog: LabCatalog;
  learners: LearnerStore;
  engine: LabEngine;
  inspectors: Inspectors;
  log: Logger;
  webDir: string;
  trustProxy: boolean;
  /** Which Host headers the server answers to (host-policy.ts). */
  hostPolicy: HostPolicy;
  /** Runs before POST /api/sessions does any work (session-rate-limit.ts). */
  sessionCreateLimit: RequestHandler;
  /** /healthz, /readyz, /metrics (ops-routes.ts). */
  ops: OpsRouteOptions;
  /** Told of every unhandled error (a 500): the errors metric. */
  onInternalError?: () => void;
  /** Routers of features built in main.ts (workshops, recordings, results), mounted with the API's body parser and error handling. */
  featureRoutes?: Router[];
}

/** API bodies are small JSON; anything bigger is a mistake or an attack. */
const MAX_BODY = '64kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ? 1 : false);
  app.use(requestLog(deps.log));
  app.use(securityHeaders());
  // Before the Host check: probes and scrapers address a server by IP
  // (Docker health checks, Kubernetes, Prometheus), and these carry no
  // learner data (/metrics can have a token: SYSLAB_METRICS_TOKEN).
  app.use(opsRoutes(deps.ops));
  app.use(refuseUnknownHosts(deps.hostPolicy));
  app.use('/api', express.json({ limit: MAX_BODY, strict: true, type: () => true }));
  app.use(labsRoutes(deps.catalog));
  app.use(sessionsRoutes(deps.sessions, deps.catalog, deps.learners, deps.sessionCreateLimit));
  app.use(guideRoutes(deps.sessions, deps.engine));
  app.use(inspectRoutes(deps.sessions, deps.inspectors));
  for (const routes of deps.featureRoutes ?? []) app.use(routes);
  app.use('/api', apiNotFound);
  const index = path.join(deps.webDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(deps.webDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    });
  } else {
    deps.log.warn({ webDir: deps.webDir }, 'web page not built (npm run build:web); serving the API only');
  }
  app.use(errorHandler(deps.log, deps.onInternalError));
  return app;
}

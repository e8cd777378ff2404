/**
 * The operator's endpoints (docs/operations.md): /healthz (the process is
 * up), /readyz (it can serve a new session) and /metrics (Prometheus text).
 * None of them carries learner data; /metrics can be switched off or put
 * behind a bearer token (SYSLAB_METRICS, SYSLAB_METRICS_TOKEN).
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Registry } from 'prom-client';
import { AppError } from '../../errors.js';
import type { Readiness } from '../../ops/readiness.js';

export interface OpsRouteOptions {
  readiness: Readiness;
  /** Null when /metrics is switched off (SYSLAB_METRICS=false): it answers 404. */
  metrics: Registry | null;
  /** When not empty, /metrics needs `Authorization: Bearer <this>`. */
  metricsToken: string;
}

export function opsRoutes(options: OpsRouteOptions): Router {
  const r = Router();

  r.get('/healthz', (_req, res) => {
    noStore(res).json({ ok: true });
  });

  r.get('/readyz', async (_req, res) => {
    const report = await options.readiness.report();
    noStore(res).status(report.ready ? 200 : 503).json(report);
  });

  r.get('/metrics', async (req, res) => {
    const registry = options.metrics;
    if (!registry) throw new AppError(404, 'metrics_disabled', 'metrics are switched off on this server (SYSLAB_METRICS=false)');
    if (options.metricsToken && !bearerMatches(req.get('authorization'), options.metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="syslab metrics"');
      throw new AppError(401, 'unauthorized', 'send Authorization: Bearer <SYSLAB_METRICS_TOKEN> to read /metrics');
    }
    noStore(res).type(registry.contentType).send(await registry.metrics());
  });

  return r;
}

function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store');
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * One debug line per HTTP request, after the response: method, path (never
 * the query string), status, time, and the session id when the path names
 * one, so a session's requests can be followed with `grep <id>`. Headers are
 * included for debugging; the logger censors every credential in them
 * (log.ts REDACTED_PATHS).
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const SESSION_IN_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]+)/;

/** `{ session: id }` when a request path names a session, for its log lines; else `{}`. */
export function sessionOfPath(path: string): { session?: string } {
  const session = SESSION_IN_PATH.exec(path)?.[1];
  return session ? { session } : {};
}

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    if (!log.isLevelEnabled('debug')) {
      next();
      return;
    }
    const started = performance.now();
    res.on('finish', () => {
      log.debug({
        ...sessionOfPath(req.path),
        req: { method: req.method, path: req.path, ip: req.ip, headers: { ...req.headers } },
        res: { status: res.statusCode, headers: { ...res.getHeaders() } },
        ms: Math.round(performance.now() - started),
      }, 'request');
    });
    next();
  };
}

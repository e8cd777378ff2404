/**
 * The one place HTTP errors become responses (Hono's HTTPException): an
 * AppError keeps its status and message; a body-parser failure is a 400
 * saying what was wrong; anything else is a logged 500 with no internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { sessionOfPath } from './request-log.js';

export function errorHandler(log: Logger, onInternalError?: () => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof AppError) {
      if (err.status >= 500) log.error({ ...sessionOfPath(req.path), code: err.code, detail: err.detail, path: req.path }, err.userMessage);
      res.status(err.status).json({ error: { code: err.code, message: err.userMessage } });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'bad_request', message: 'the request body is not valid JSON' } });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'too_large', message: 'the request body is too large' } });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: { code: 'bad_request', message: e.message ?? 'bad request' } });
      return;
    }
    onInternalError?.();
    log.error({ ...sessionOfPath(req.path), err, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'something went wrong on the server; it has been logged' } });
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no API route ${req.method} ${req.path}; see docs/api.md` } });
};

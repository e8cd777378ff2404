import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Where a credential can sit in a log line's fields, censored by pino
 * before the line is written: session and learner tokens (Authorization,
 * the session/learner/instructor cookies and X-Syslab-* headers, Set-Cookie
 * on responses) and any field named like a secret. Request lines carry the
 * path only, never the query string. log.test.ts proves none reaches stdout.
 */
export const REDACTED_PATHS = [
  'token', '*.token', 'key', '*.key', 'secret', '*.secret', 'password', '*.password',
  'authorization', '*.authorization', 'cookie', '*.cookie',
  'req.headers.authorization', 'req.headers.cookie',
  'req.headers["x-syslab-learner"]', 'req.headers["x-syslab-instructor"]', 'req.headers["x-syslab-key"]',
  'res.headers["set-cookie"]',
];

/** JSON logs on stdout (or `destination`, for tests). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'syslab' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

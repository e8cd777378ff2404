import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout. Tokens never reach a log line: redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'syslab' },
    redact: { paths: ['token', '*.token', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}

/**
 * Security headers for every response (helmet), with a Content-Security-Policy
 * the page really works under: its own scripts and styles only (xterm.js's
 * runtime styles go through constructed stylesheets, see
 * web/src/xterm-csp-style-addon.ts), its own origin for fetch, EventSource
 * and the terminal WebSocket, no framing, no plugins.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // 'self' covers ws:/wss: to the same host and port (CSP Level 3).
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CONTENT_SECURITY_POLICY, 'upgrade-insecure-requests': null },
    },
    // The page loads nothing cross-origin; isolate it from everything that does.
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over TLS, which a proxy in front terminates; it sets its own.
    strictTransportSecurity: false,
  });
}

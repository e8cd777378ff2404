/**
 * Cross-site WebSocket hijacking defence (SECURITY.md #1, gotty's
 * --ws-origin, ttyd's --check-origin). Browsers always send Origin on a
 * WebSocket and attach cookies automatically, so:
 * - an Origin that is neither this server nor configured is refused;
 * - no Origin with a cookie credential is refused (no browser does that);
 * - no Origin with a Bearer header is allowed: a page cannot set that header
 *   on a WebSocket, so it cannot be a hijack (scripts and CLIs use it).
 */
import type { IncomingMessage } from 'node:http';
import type { Credential } from './credential.js';

export function originAllowed(req: IncomingMessage, credential: Credential, extra: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return credential.source === 'bearer';
  if (extra.has(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function parseAllowedOrigins(list: string): Set<string> {
  return new Set(list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/\/+$/, '')));
}

/**
 * Where a request's session credential comes from: a Bearer header (scripts)
 * or the session cookie (browsers). The source matters for the Origin rule.
 */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../../../common/src/api.js';

export interface Credential {
  token: string;
  source: 'bearer' | 'cookie';
}

export function readCredential(req: IncomingMessage): Credential | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? { token: m[1]!, source: 'bearer' } : null;
  }
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  return token ? { token, source: 'cookie' } : null;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Session ids and credentials. Ids are random (a guessed id finds nothing);
 * tokens are the same kind as learners' (store/token-hash.ts): shown once,
 * kept only as a SHA-256 hash, here compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken, newToken } from '../store/token-hash.js';

export { hashToken, newToken };

/** 20 lowercase base32 characters: safe as a cgroup, file and URL name. */
export function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(20);
  let id = 's';
  for (const b of bytes) id += alphabet[b & 31];
  return id;
}

export const SESSION_ID_PATTERN = /^s[a-z2-7]{20}$/;

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

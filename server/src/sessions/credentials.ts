/**
 * Session ids and tokens. Ids are random (a guessed id finds nothing);
 * tokens are 256 random bits, shown once and kept only as a SHA-256 hash,
 * compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 20 lowercase base32 characters: safe as a cgroup, file and URL name. */
export function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(20);
  let id = 's';
  for (const b of bytes) id += alphabet[b & 31];
  return id;
}

export const SESSION_ID_PATTERN = /^s[a-z2-7]{20}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

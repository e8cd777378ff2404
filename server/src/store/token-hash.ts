/**
 * Bearer tokens: random, shown to their owner once, stored only as a hash, so a
 * leaked database (or backup) does not let anyone act as a learner.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: unguessable, and a plain SHA-256 needs no salt or stretching for that. */
const TOKEN_BYTES = 32;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Hex SHA-256. Looked up by equality in a unique index; an attacker who cannot
 * choose the hash's bytes learns nothing from lookup timing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

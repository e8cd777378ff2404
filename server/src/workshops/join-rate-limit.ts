/**
 * How fast one address may try to join workshops. A join code is the only
 * secret between a stranger and a room, so guessing must be slow; but a
 * classroom joins from one address (NAT) all at once, so the burst is a
 * roomful. 30 a minute after that makes the whole code space (148 million)
 * take years from one address.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { rateLimitByClient, TokenBuckets, type CreateRateLimit } from '../http/session-rate-limit.js';

export const JOIN_RATE: CreateRateLimit = { burst: 60, perMinute: 30 };

export function limitJoins(buckets: TokenBuckets = new TokenBuckets(JOIN_RATE)): RequestHandler {
  return rateLimitByClient(buckets, (seconds) => new AppError(429, 'too_many_joins',
    `Too many tries to join from your address; wait ${seconds} s and check the code with your instructor.`));
}

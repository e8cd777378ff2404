/**
 * How fast one client may ask for sessions (SECURITY.md #14). The per-client
 * cap bounds how many sandboxes one address holds at once; this bounds how
 * fast it can churn them (create, delete, create …) and how many anonymous
 * learners it can mint, since every cookie-less request makes one. A token
 * bucket per client address: `burst` requests at once, then `perMinute`.
 */
import net from 'node:net';
import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

export interface CreateRateLimit {
  burst: number;
  perMinute: number;
}

/**
 * Buckets kept at most (~1 MB). When full, buckets that have refilled go
 * first (a full bucket is the same as none); then the least recently seen
 * tenth is forgotten at once (those clients get a fresh bucket), so memory
 * stays bounded when an attacker rotates addresses and the sweep is rare.
 */
const MAX_TRACKED_CLIENTS = 10_000;
const KEEP_AFTER_SWEEP = MAX_TRACKED_CLIENTS * 0.9;

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly limit: CreateRateLimit, private readonly now: () => number = Date.now) {
    this.perMs = limit.perMinute / 60_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): Take {
    const now = this.now();
    const bucket = this.refilled(key, now);
    // Re-inserted so Map order is least recently seen first.
    this.buckets.delete(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket, now);
      return { ok: true };
    }
    this.remember(key, bucket, now);
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
  }

  private refilled(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.limit.burst, at: now };
    return { tokens: Math.min(this.limit.burst, b.tokens + (now - b.at) * this.perMs), at: now };
  }

  private remember(key: string, bucket: Bucket, now: number) {
    if (this.buckets.size >= MAX_TRACKED_CLIENTS) {
      for (const [k, b] of this.buckets) {
        if (b.tokens + (now - b.at) * this.perMs >= this.limit.burst) this.buckets.delete(k);
      }
      for (const k of this.buckets.keys()) {
        if (this.buckets.size <= KEEP_AFTER_SWEEP) break;
        this.buckets.delete(k);
      }
    }
    this.buckets.set(key, bucket);
  }
}

/**
 * Who "one client" is. An IPv6 host is normally handed a whole /64, so its
 * addresses within that prefix count as one; an IPv4-mapped IPv6 address is
 * its IPv4 address.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.split('%')[0]!;
  if (!net.isIPv6(bare)) return ip;
  const [head, tail = ''] = bare.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const left = groups(head!);
  const right = bare.includes('::') ? groups(tail) : [];
  const full = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/**
 * Counts the request against its client's bucket, before any work; past it,
 * 429 with Retry-After through the one error handler, with the error
 * `refuse` makes for the seconds to wait.
 */
export function rateLimitByClient(buckets: TokenBuckets, refuse: (seconds: number) => AppError): RequestHandler {
  return (req, res, next) => {
    const taken = buckets.take(clientAddressKey(req.ip));
    if (taken.ok) {
      next();
      return;
    }
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    res.set('Retry-After', String(seconds));
    next(refuse(seconds));
  };
}

/**
 * Session creation, before a new learner or a sandbox is made. The code is
 * the cap's (docs/api.md): to a client both mean "not now, try later".
 */
export function limitSessionCreation(buckets: TokenBuckets, limit: CreateRateLimit): RequestHandler {
  return rateLimitByClient(buckets, (seconds) => new AppError(429, 'too_many_sessions',
    `Too many new sessions from your address (${limit.burst} at once, then ${limit.perMinute} a minute). Try again in ${seconds} s.`));
}

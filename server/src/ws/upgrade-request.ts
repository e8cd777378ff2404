/**
 * Reading a WebSocket upgrade request without throwing: an exception in the
 * server's 'upgrade' event is uncaught and ends the process (`GET //` and
 * `%ZZ` did), so every upgrade handler parses through these.
 */
import type { IncomingMessage } from 'node:http';

/** The request's URL, or null when it is not one. */
export function upgradeUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** A path segment decoded, or as it is when it is not valid percent-encoding (the lookup then finds nothing). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

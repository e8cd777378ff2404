/**
 * DNS-rebinding defence (docs/security.md, known gap 4 until now): a page on
 * evil.example can make its own name resolve to 127.0.0.1 and then talk to a
 * server bound to loopback as if it were same-origin — Origin and Host both
 * say evil.example, so the Origin check alone lets it through. Refusing any
 * Host the server was not meant to answer to closes that (Vite's
 * `server.allowedHosts`, Jupyter's `allow_remote_access`, Django's
 * ALLOWED_HOSTS).
 *
 * The setting (SYSLAB_ALLOWED_HOSTS):
 * - empty (the default): a server bound to loopback answers only to loopback
 *   names; a server bound to anything else answers to any name (it cannot
 *   know the names it is reached by; set the list when it can);
 * - `*`: any name;
 * - a comma-separated list: exactly those names; `.example.org` also allows
 *   every subdomain of example.org.
 */
import type { RequestHandler } from 'express';

export interface HostPolicy {
  /** The Host header (with or without a port) is one this server answers to. */
  allows(hostHeader: string | undefined): boolean;
  /** For logs and errors: what is allowed. */
  readonly summary: string;
}

const LOOPBACK_NAMES = ['localhost', '.localhost', '127.0.0.1', '::1'];

export function hostPolicy(setting: string, bindHost: string): HostPolicy {
  const entries = setting.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (entries.includes('*') || (entries.length === 0 && !isLoopback(bindHost))) {
    return { allows: () => true, summary: 'any host' };
  }
  const names = entries.length > 0 ? entries : LOOPBACK_NAMES;
  return {
    allows(hostHeader) {
      const name = hostName(hostHeader);
      if (name === null) return false;
      if (entries.length === 0 && isLoopback(name)) return true;
      return names.some((n) => (n.startsWith('.') ? name.endsWith(n) || name === n.slice(1) : name === n));
    },
    summary: names.join(', ') + (entries.length === 0 ? ' (the server is bound to loopback)' : ''),
  };
}

/** `Example.org:8080` → `example.org`; `[::1]:3000` → `::1`; malformed → null. */
export function hostName(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const h = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return plain ? plain[1]!.replace(/\.$/, '') : null;
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Mounted after the probes and /metrics (app.ts), which answer any name: a pod IP, a container name. */
export function refuseUnknownHosts(policy: HostPolicy): RequestHandler {
  return (req, res, next) => {
    if (policy.allows(req.headers.host)) {
      next();
      return;
    }
    res.status(403).json({ error: { code: 'host_not_allowed', message: hostRefusal(req.headers.host, policy) } });
  };
}

export function hostRefusal(hostHeader: string | undefined, policy: HostPolicy): string {
  return `this server does not answer to the host "${hostHeader ?? ''}" (it answers to ${policy.summary}); `
    + 'add the name to SYSLAB_ALLOWED_HOSTS if it is really this server';
}

/**
 * The `network:` field of lab.yaml: a small private network of hosts the
 * driver builds for each session (sandbox/network/topology.ts is what it
 * receives). docs/authoring.md describes the same fields; change both together.
 *
 * Beyond the shape, the network must make sense before a driver sees it:
 * every address inside its subnet and used once, subnets that do not overlap
 * and stay in private ranges, exactly one learner host, gateways reachable on
 * a shared subnet, at most one DNS server. Each mistake is reported at its
 * field, like the rest of the lab format.
 */
import { z } from 'zod';
import { cidrContains, ipv4ToNumber, prefixLength, type NetworkTopology } from '../sandbox/network/topology.js';

/** Far above a teaching network, low enough that a session's network stays cheap to build (one namespace per host and subnet). */
export const NETWORK_LIMITS = {
  SUBNETS_MAX: 8,
  HOSTS_MAX: 12,
  INTERFACES_MAX: 4,
  ROUTES_MAX: 16,
  RECORDS_MAX: 100,
  PAGES_MAX: 50,
  PAGES_TOTAL_BYTES: 256 * 1024,
} as const;

/** A hostname label: also part of namespace names, so short and plain. */
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const DNS_NAME_PATTERN = /^(?=.{1,100}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PAGE_PATH_PATTERN = /^(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;
/** RFC 1918: addresses no one routes on the internet, so a lab's never look like a real host's. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const name = z.string().regex(NAME_PATTERN, { error: 'must be a lower-case name of 1–20 letters, digits and dashes, starting with a letter' });
const dnsName = z.string().regex(DNS_NAME_PATTERN, { error: 'must be a lower-case DNS name with at least one dot, like www.lab.test' });

const ipv4 = z.string().regex(IPV4_PATTERN, { error: 'must be an IPv4 address like 10.0.1.10' });
const cidr = z.string().superRefine((value, ctx) => {
  const [address, len, ...rest] = value.split('/');
  const bits = Number(len);
  if (rest.length > 0 || !IPV4_PATTERN.test(address ?? '') || !/^\d+$/.test(len ?? '') || bits < 8 || bits > 30) {
    ctx.addIssue({ code: 'custom', message: 'must be an IPv4 network like 10.0.1.0/24, with a prefix length from 8 to 30' });
    return;
  }
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  if (((ipv4ToNumber(address!) & mask) >>> 0) !== ipv4ToNumber(address!)) {
    ctx.addIssue({ code: 'custom', message: `${value} has host bits set: the network address is ${numberToIpv4((ipv4ToNumber(address!) & mask) >>> 0)}/${bits}` });
  }
  if (!PRIVATE_RANGES.some((range) => prefixLength(range) <= bits && cidrContains(range, address!))) {
    ctx.addIssue({ code: 'custom', message: `${value} is not a private range: use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16` });
  }
});

/**
 * A map whose keys must match a pattern: zod's own record-key error says only
 * "Invalid key in record", so the key is checked here and named.
 */
function keyedBy(pattern: RegExp, what: string) {
  return (map: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const key of Object.keys(map)) {
      if (!pattern.test(key) || key.split('/').includes('..')) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" ${what}` });
    }
  };
}
const DNS_NAME_RULE = 'must be a lower-case DNS name with at least one dot, like www.lab.test';
/** name → IPv4 address, for DNS records and /etc/hosts lines. */
const addressMap = () => z.record(z.string(), ipv4).default({}).superRefine(keyedBy(DNS_NAME_PATTERN, DNS_NAME_RULE));

/** A route's destination: any IPv4 network (it never leaves the lab, whatever it names). */
const cidrAny = z.string().superRefine((value, ctx) => {
  const [address, len, ...rest] = value.split('/');
  const bits = Number(len);
  const ok = rest.length === 0 && IPV4_PATTERN.test(address ?? '') && /^\d+$/.test(len ?? '') && bits >= 0 && bits <= 32;
  if (!ok) ctx.addIssue({ code: 'custom', message: 'must be an IPv4 network like 10.0.2.0/24' });
});

const SubnetSchema = z.strictObject({ name, cidr });

const InterfaceSchema = z.strictObject({ subnet: name, address: ipv4 });

const DnsSchema = z.strictObject({
  records: addressMap().superRefine((records, ctx) => {
    if (Object.keys(records).length > NETWORK_LIMITS.RECORDS_MAX) {
      ctx.addIssue({ code: 'custom', message: `at most ${NETWORK_LIMITS.RECORDS_MAX} records` });
    }
  }),
});

const WebSchema = z.strictObject({
  pages: z.record(z.string(), z.string()).default({}).superRefine((pages, ctx) => {
    keyedBy(PAGE_PATH_PATTERN, 'must be a URL path like /index.html (letters, digits, . _ -; no ..)')(pages, ctx);
    const entries = Object.entries(pages);
    if (entries.length > NETWORK_LIMITS.PAGES_MAX) ctx.addIssue({ code: 'custom', message: `at most ${NETWORK_LIMITS.PAGES_MAX} pages` });
    const bytes = entries.reduce((n, [, body]) => n + Buffer.byteLength(body, 'utf8'), 0);
    if (bytes > NETWORK_LIMITS.PAGES_TOTAL_BYTES) {
      ctx.addIssue({ code: 'custom', message: `the pages hold ${bytes} bytes; at most ${NETWORK_LIMITS.PAGES_TOTAL_BYTES} (every session gets a copy)` });
    }
    const paths = new Set(Object.keys(pages));
    for (const p of paths) {
      // /a and /a/b cannot both be pages: /a would have to be a file and a folder.
      const parent = p.slice(0, p.lastIndexOf('/'));
      if (parent && paths.has(parent)) ctx.addIssue({ code: 'custom', path: [p], message: `${parent} is a page, so it cannot also be a folder holding ${p}` });
    }
  }),
});

const HostSchema = z.strictObject({
  name,
  learner: z.boolean().default(false),
  forward: z.boolean().default(false),
  interfaces: z.array(InterfaceSchema).min(1, { error: 'a host needs at least one interface' }).max(NETWORK_LIMITS.INTERFACES_MAX),
  gateway: ipv4.nullable().default(null),
  routes: z.array(z.strictObject({ to: cidrAny, via: ipv4 })).max(NETWORK_LIMITS.ROUTES_MAX).default([]),
  etcHosts: addressMap(),
  dns: DnsSchema.nullable().default(null),
  web: WebSchema.nullable().default(null),
  /** Capture the host's eth0 for the learner to read (learner's host only). */
  capture: z.boolean().default(false),
});

export const NetworkSchema = z.strictObject({
  domain: dnsName,
  subnets: z.array(SubnetSchema).min(1, { error: 'a network needs at least one subnet' }).max(NETWORK_LIMITS.SUBNETS_MAX),
  hosts: z.array(HostSchema).min(1, { error: 'a network needs at least one host' }).max(NETWORK_LIMITS.HOSTS_MAX),
}).superRefine((net, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const subnets = new Map<string, string>();
  net.subnets.forEach((s, i) => {
    if (subnets.has(s.name)) issue(['subnets', i, 'name'], `"${s.name}" is used by an earlier subnet`);
    for (const [other, otherCidr] of subnets) {
      if (cidrContains(otherCidr, s.cidr.split('/')[0]!) || cidrContains(s.cidr, otherCidr.split('/')[0]!)) {
        issue(['subnets', i, 'cidr'], `${s.cidr} overlaps subnet "${other}" (${otherCidr})`);
      }
    }
    subnets.set(s.name, s.cidr);
  });

  const hostNames = new Set<string>();
  const addressOwner = new Map<string, { host: string; subnet: string }>();
  net.hosts.forEach((h, i) => {
    if (hostNames.has(h.name)) issue(['hosts', i, 'name'], `"${h.name}" is used by an earlier host`);
    hostNames.add(h.name);
    const onSubnets = new Set<string>();
    h.interfaces.forEach((iface, j) => {
      const at = ['hosts', i, 'interfaces', j];
      const subnetCidr = subnets.get(iface.subnet);
      if (subnetCidr === undefined) {
        issue([...at, 'subnet'], `no subnet is named "${iface.subnet}" (subnets: ${[...subnets.keys()].join(', ')})`);
        return;
      }
      if (onSubnets.has(iface.subnet)) issue([...at, 'subnet'], `"${h.name}" already has an interface on "${iface.subnet}"`);
      onSubnets.add(iface.subnet);
      if (!cidrContains(subnetCidr, iface.address)) {
        issue([...at, 'address'], `${iface.address} is not inside subnet "${iface.subnet}" (${subnetCidr})`);
        return;
      }
      const n = ipv4ToNumber(iface.address);
      const base = ipv4ToNumber(subnetCidr.split('/')[0]!);
      const size = 2 ** (32 - prefixLength(subnetCidr));
      if (n === base || n === base + size - 1) {
        issue([...at, 'address'], `${iface.address} is the network or broadcast address of ${subnetCidr}`);
      }
      const owner = addressOwner.get(iface.address);
      if (owner) issue([...at, 'address'], `${iface.address} is already host "${owner.host}"'s`);
      else addressOwner.set(iface.address, { host: h.name, subnet: iface.subnet });
    });
    if (h.forward && h.interfaces.length < 2) issue(['hosts', i, 'forward'], 'a host that forwards (a router) needs interfaces on at least two subnets');
    if (h.capture && !h.learner) {
      issue(['hosts', i, 'capture'], 'only the learner\'s host can have a capture: it is shown to the learner, on their own host');
    }
    if (h.learner && (h.dns || h.web)) {
      issue(['hosts', i, h.dns ? 'dns' : 'web'], 'the learner\'s host runs the learner\'s shell; put servers on hosts of their own');
    }
  });

  // A next hop must be a neighbour: another host on one of this host's subnets.
  const nextHopProblem = (h: (typeof net.hosts)[number], via: string): string | null => {
    const owner = addressOwner.get(via);
    const mine = new Set(h.interfaces.map((f) => f.subnet));
    if (!owner || owner.host === h.name) return `${via} must be the address of another host (usually the router)`;
    if (!mine.has(owner.subnet)) return `${via} (host "${owner.host}") is on subnet "${owner.subnet}", which "${h.name}" has no interface on`;
    return null;
  };
  net.hosts.forEach((h, i) => {
    const gatewayProblem = h.gateway === null ? null : nextHopProblem(h, h.gateway);
    if (gatewayProblem) issue(['hosts', i, 'gateway'], gatewayProblem);
    h.routes.forEach((r, j) => {
      const problem = nextHopProblem(h, r.via);
      if (problem) issue(['hosts', i, 'routes', j, 'via'], problem);
    });
  });

  const learners = net.hosts.map((h, i) => [h, i] as const).filter(([h]) => h.learner);
  if (learners.length === 0) issue(['hosts'], 'one host must have learner: true (the learner\'s shell runs there)');
  for (const [, i] of learners.slice(1)) issue(['hosts', i, 'learner'], 'only one host can be the learner\'s');
  const dnsServers = net.hosts.map((h, i) => [h, i] as const).filter(([h]) => h.dns);
  for (const [, i] of dnsServers.slice(1)) issue(['hosts', i, 'dns'], 'only one host can serve DNS (every host\'s resolv.conf points at it)');
});

export type NetworkManifest = z.output<typeof NetworkSchema>;

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Compile-time proof that a validated network is what drivers receive. */
const _assignable: (n: NetworkManifest) => NetworkTopology = (n) => n;
void _assignable;

/**
 * A lab's private network, as a driver receives it in SandboxSpec.network:
 * subnets, hosts with their addresses, which host forwards (the router), which
 * serve DNS and HTTP, and the one the learner's shell runs on. Plain data, no
 * behaviour; labs/network-schema.ts validates it (every address inside its
 * subnet, names unique, one learner host…), so drivers may trust it.
 */

export interface NetworkSubnet {
  /** A slug, e.g. "home"; names the switch (a bridge) the subnet's hosts plug into. */
  name: string;
  /** IPv4 network in CIDR form, e.g. "10.0.1.0/24". */
  cidr: string;
}

export interface NetworkInterface {
  subnet: string;
  /** IPv4 address inside the subnet, without prefix length. */
  address: string;
}

export interface NetworkRoute {
  to: string;
  via: string;
}

export interface DnsService {
  /** Extra names this server answers: fully qualified name → IPv4 address. */
  records: Record<string, string>;
}

export interface WebService {
  /** URL path (starting with "/") → page body, served as-is over HTTP and HTTPS. */
  pages: Record<string, string>;
}

export interface NetworkHost {
  /** A slug; also the host's hostname and, under `domain`, its DNS name. */
  name: string;
  /** The learner's shell runs here; exactly one host has it. */
  learner: boolean;
  /** IP forwarding on: the host routes between its subnets. */
  forward: boolean;
  /** eth0, eth1… in this order. */
  interfaces: NetworkInterface[];
  /** Default route via this address (on one of the host's subnets), or none. */
  gateway: string | null;
  /** More routes: a network (CIDR) reached via an address on one of the host's subnets. */
  routes: NetworkRoute[];
  /** Lines for this host's /etc/hosts beyond localhost and itself: name → address. */
  etcHosts: Record<string, string>;
  dns: DnsService | null;
  web: WebService | null;
  /**
   * The learner's host only: its eth0 traffic captured, one line per packet,
   * readable at /var/log/capture.txt (network/packet-capture.ts).
   */
  capture: boolean;
}

export interface NetworkTopology {
  /** DNS domain of the lab's names, e.g. "lab.test": each host is <name>.<domain>. */
  domain: string;
  subnets: NetworkSubnet[];
  hosts: NetworkHost[];
}

/** Interface names inside a host, in the order of NetworkHost.interfaces. */
export function interfaceName(index: number): string {
  return `eth${index}`;
}

export function learnerHost(topology: NetworkTopology): NetworkHost {
  const host = topology.hosts.find((h) => h.learner);
  if (!host) throw new Error('topology has no learner host (the schema should have refused it)');
  return host;
}

/** The first host that serves DNS: every host's resolv.conf points at it. */
export function dnsHost(topology: NetworkTopology): NetworkHost | null {
  return topology.hosts.find((h) => h.dns !== null) ?? null;
}

export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

export function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function cidrContains(cidr: string, address: string): boolean {
  const [net, len] = [cidr.split('/')[0]!, prefixLength(cidr)];
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((ipv4ToNumber(net) & mask) >>> 0) === ((ipv4ToNumber(address) & mask) >>> 0);
}

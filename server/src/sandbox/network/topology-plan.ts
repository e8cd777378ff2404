/**
 * A lab network as commands: which network namespaces, bridges and veth pairs
 * to make, in which order, with which addresses, routes and sysctls, and how
 * to remove it all. Pure (STYLE.md #2): network-namespaces.ts runs the plan.
 *
 * The shape: one namespace per host, and one per subnet holding a bridge (the
 * subnet's switch). Each host interface is a veth pair, one end (eth0, eth1…)
 * in the host's namespace, the other a port of its subnet's bridge. Nothing is
 * ever created in, or linked to, the host machine's own namespace: there is no
 * route out, because there is no wire out.
 */
import { interfaceName, prefixLength, type NetworkTopology } from './topology.js';

/** `ip netns add` keeps its namespaces here (a bind mount per name). */
export const NETNS_DIR = '/run/netns';
/** The bridge in each switch namespace. */
const BRIDGE = 'br0';

export interface NetworkNamespace {
  name: string;
  path: string;
  /** The host living in it, or null for a subnet's switch. */
  host: string | null;
}

export interface NetworkPlan {
  namespaces: NetworkNamespace[];
  /** Commands (argv, run as root on the host) that build the network, in order. */
  up: string[][];
  /** Commands that remove it; each may run even if `up` stopped halfway. */
  down: string[][];
}

/**
 * Every namespace of a server's sandboxes starts with this, so a restarted
 * server can sweep what its dead predecessor left, and never another's.
 */
export function netnsPrefix(instance: string): string {
  return `syslab-${instance}-`;
}

export function hostNetnsName(instance: string, sandboxId: string, host: string): string {
  return `${netnsPrefix(instance)}${sandboxId}-h-${host}`;
}

export function switchNetnsName(instance: string, sandboxId: string, subnet: string): string {
  return `${netnsPrefix(instance)}${sandboxId}-s-${subnet}`;
}

/**
 * Per-namespace sysctls. IPv6 is off everywhere: the lab is about IPv4, and
 * link-local addresses, router solicitations and neighbour discovery would
 * fill `ip addr` and `ip neigh` with noise the steps do not explain.
 */
const NO_IPV6 = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
/**
 * ping without CAP_NET_RAW uses ICMP datagram sockets, which the kernel allows
 * only to groups in this range (a per-namespace setting, off by default).
 */
const PING_FOR_ALL = 'net.ipv4.ping_group_range=0 2147483647';
/** Servers on a non-learner host (DNS on 53, HTTP on 80/443) bind without any capability. */
const LOW_PORTS_FOR_ALL = 'net.ipv4.ip_unprivileged_port_start=0';

export function networkPlan(topology: NetworkTopology, instance: string, sandboxId: string): NetworkPlan {
  const hostNs = (host: string) => hostNetnsName(instance, sandboxId, host);
  const switchNs = (subnet: string) => switchNetnsName(instance, sandboxId, subnet);
  const namespaces: NetworkNamespace[] = [
    ...topology.subnets.map((s) => ({ name: switchNs(s.name), path: `${NETNS_DIR}/${switchNs(s.name)}`, host: null })),
    ...topology.hosts.map((h) => ({ name: hostNs(h.name), path: `${NETNS_DIR}/${hostNs(h.name)}`, host: h.name })),
  ];
  const sysctl = (ns: string, settings: string[]) => ['nsenter', `--net=${NETNS_DIR}/${ns}`, 'sysctl', '-q', '-e', '-w', ...settings];

  const up: string[][] = [];
  for (const ns of namespaces) up.push(['ip', 'netns', 'add', ns.name]);
  // Sysctls before any link exists: default.disable_ipv6 applies to links made later.
  for (const subnet of topology.subnets) up.push(sysctl(switchNs(subnet.name), NO_IPV6));
  for (const host of topology.hosts) {
    const settings = [...NO_IPV6, PING_FOR_ALL];
    if (!host.learner) settings.push(LOW_PORTS_FOR_ALL);
    if (host.forward) settings.push('net.ipv4.ip_forward=1');
    up.push(sysctl(hostNs(host.name), settings));
  }
  for (const subnet of topology.subnets) {
    const ns = switchNs(subnet.name);
    up.push(['ip', '-n', ns, 'link', 'add', BRIDGE, 'type', 'bridge']);
    up.push(['ip', '-n', ns, 'link', 'set', BRIDGE, 'up']);
  }
  // Bridge ports are numbered across the whole network: p0, p1… (an
  // interface name has at most 15 characters, too few for host names).
  let port = 0;
  for (const host of topology.hosts) {
    const ns = hostNs(host.name);
    up.push(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    host.interfaces.forEach((iface, i) => {
      const subnet = topology.subnets.find((s) => s.name === iface.subnet)!;
      const dev = interfaceName(i);
      const peer = `p${port++}`;
      // Both ends are created straight inside their namespaces, never in the
      // host machine's (where "eth0" exists already).
      up.push(['ip', 'link', 'add', dev, 'netns', ns, 'type', 'veth', 'peer', 'name', peer, 'netns', switchNs(subnet.name)]);
      up.push(['ip', '-n', switchNs(subnet.name), 'link', 'set', peer, 'master', BRIDGE, 'up']);
      up.push(['ip', '-n', ns, 'addr', 'add', `${iface.address}/${prefixLength(subnet.cidr)}`, 'dev', dev]);
      up.push(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    });
    for (const route of host.routes) up.push(['ip', '-n', ns, 'route', 'add', route.to, 'via', route.via]);
    if (host.gateway) up.push(['ip', '-n', ns, 'route', 'add', 'default', 'via', host.gateway]);
  }

  // Deleting a namespace destroys its veth ends, and a veth pair dies with
  // either end; the namespace itself goes once no process is left in it.
  const down = namespaces.map((ns) => ['ip', 'netns', 'delete', ns.name]);
  return { namespaces, up, down };
}

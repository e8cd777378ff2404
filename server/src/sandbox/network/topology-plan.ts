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
/**
 * The bridge of the n-th subnet, in that subnet's switch namespace. Numbered
 * across the whole network (not br0 in each) so that the switches may also
 * share one namespace: the Docker driver holds them all in one container
 * (drivers/docker/network-spec.ts). Bridges with no address route nothing, so
 * sharing a namespace joins no two subnets.
 */
function bridgeName(subnetIndex: number): string {
  return `br${subnetIndex}`;
}

export interface NetworkNamespace {
  name: string;
  path: string;
  /** The host living in it, or null for a subnet's switch. */
  host: string | null;
  /** Its sysctls, `key=value`, set before any link is made in it (a driver may set them its own way). */
  sysctls: string[];
}

/**
 * One command of a plan. ip(8) commands are grouped into batches (`ip -batch
 * -`, one command per line on stdin): one process per namespace instead of one
 * per link, address and route, since forking ~60 ip processes was most of a
 * network's start-up time on a loaded machine.
 */
export interface PlanStep {
  argv: string[];
  /** Commands for `ip -batch -` (argv without the leading `ip`), fed on stdin. */
  batch?: string[][];
}

export interface NetworkPlan {
  namespaces: NetworkNamespace[];
  /** Steps (run as root on the host) that build the network, in order. */
  up: PlanStep[];
  /**
   * How many of `up`'s first steps make the namespaces (and their sysctls).
   * Once they have run, processes may start inside the namespaces while the
   * rest (wires, addresses, routes) is still being done.
   */
  namespaceSteps: number;
  /** Steps that remove it; they may run even if `up` stopped halfway. */
  down: PlanStep[];
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
  const hostSysctls = (host: NetworkTopology['hosts'][number]) => [
    ...NO_IPV6, PING_FOR_ALL,
    ...(host.learner ? [] : [LOW_PORTS_FOR_ALL]),
    ...(host.forward ? ['net.ipv4.ip_forward=1'] : []),
  ];
  const namespaces: NetworkNamespace[] = [
    ...topology.subnets.map((s) => ({ name: switchNs(s.name), path: `${NETNS_DIR}/${switchNs(s.name)}`, host: null, sysctls: [...NO_IPV6] })),
    ...topology.hosts.map((h) => ({ name: hostNs(h.name), path: `${NETNS_DIR}/${hostNs(h.name)}`, host: h.name, sysctls: hostSysctls(h) })),
  ];
  const sysctl = (ns: NetworkNamespace) => ['nsenter', `--net=${ns.path}`, 'sysctl', '-q', '-e', '-w', ...ns.sysctls];

  const ipBatch = (netns: string | null, batch: string[][]): PlanStep => ({
    argv: netns === null ? ['ip', '-batch', '-'] : ['ip', '-n', netns, '-batch', '-'],
    batch,
  });

  const up: PlanStep[] = [ipBatch(null, namespaces.map((ns) => ['netns', 'add', ns.name]))];
  // Sysctls before any link exists: default.disable_ipv6 applies to links made later.
  for (const ns of namespaces) up.push({ argv: sysctl(ns) });

  const namespaceSteps = up.length;

  // The wires: each veth pair is created with its two ends straight inside
  // their namespaces, never in the host machine's (where "eth0" exists
  // already). Bridge ports are numbered across the whole network, p0, p1…
  // (an interface name has at most 15 characters, too few for host names).
  const wires: string[][] = [];
  const ports = new Map<string, string[]>(topology.subnets.map((s) => [s.name, []]));
  const hostConfig = new Map<string, string[][]>(topology.hosts.map((h) => [h.name, [['link', 'set', 'lo', 'up']]]));
  let port = 0;
  for (const host of topology.hosts) {
    const config = hostConfig.get(host.name)!;
    host.interfaces.forEach((iface, i) => {
      const subnet = topology.subnets.find((s) => s.name === iface.subnet)!;
      const dev = interfaceName(i);
      const peer = `p${port++}`;
      wires.push(['link', 'add', dev, 'netns', hostNs(host.name), 'type', 'veth', 'peer', 'name', peer, 'netns', switchNs(subnet.name)]);
      ports.get(subnet.name)!.push(peer);
      config.push(['addr', 'add', `${iface.address}/${prefixLength(subnet.cidr)}`, 'dev', dev], ['link', 'set', dev, 'up']);
    });
    for (const route of host.routes) config.push(['route', 'add', route.to, 'via', route.via]);
    if (host.gateway) config.push(['route', 'add', 'default', 'via', host.gateway]);
  }
  up.push(ipBatch(null, wires));
  topology.subnets.forEach((subnet, i) => {
    const bridge = bridgeName(i);
    up.push(ipBatch(switchNs(subnet.name), [
      // multicast off: the bridge and its ports have no address, and their
      // IGMP reports (from 0.0.0.0) would be the only stray lines in a capture.
      ['link', 'add', bridge, 'type', 'bridge'],
      ['link', 'set', bridge, 'multicast', 'off', 'up'],
      ...ports.get(subnet.name)!.map((p) => ['link', 'set', p, 'master', bridge, 'multicast', 'off', 'up']),
    ]));
  });
  for (const host of topology.hosts) up.push(ipBatch(hostNs(host.name), hostConfig.get(host.name)!));

  // Deleting a namespace destroys its veth ends, and a veth pair dies with
  // either end; the namespace itself goes once no process is left in it.
  // -force: go on past a namespace that is already gone.
  const down: PlanStep[] = [{ argv: ['ip', '-force', '-batch', '-'], batch: namespaces.map((ns) => ['netns', 'delete', ns.name]) }];
  return { namespaces, up, namespaceSteps, down };
}

/** Every argument of a plan is a name, address or sysctl we built, but quote anyway. */
function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Plan steps as one sh(1) script: each step a command, a batch fed as a
 * here-document. With stopOnError, the script stops at the first step that
 * fails and names it on stderr; without, errors are silenced (teardown).
 */
export function planScript(steps: PlanStep[], stopOnError: boolean): string {
  return steps.map((step) => {
    const lines = [`${step.argv.map(shellQuote).join(' ')}${stopOnError ? '' : ' 2>/dev/null'}${step.batch ? " <<'SYSLAB_BATCH'" : ''}`];
    if (step.batch) lines.push(...step.batch.map((argv) => argv.join(' ')), 'SYSLAB_BATCH');
    if (stopOnError) lines.push(`[ $? -eq 0 ] || { echo "failed: ${step.argv.join(' ').replace(/["$`\\]/g, '')}" >&2; exit 1; }`);
    return lines.join('\n');
  }).join('\n');
}

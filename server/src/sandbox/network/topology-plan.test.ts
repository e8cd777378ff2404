import { describe, expect, it } from 'vitest';
import { twoSubnetTopology } from './topology-fixture.js';
import { hostNetnsName, networkPlan, netnsPrefix } from './topology-plan.js';

const plan = networkPlan(twoSubnetTopology(), 'abc', 's1');
const ns = (n: string) => `syslab-abc-s1-${n}`;
const sysctl = (n: string, ...s: string[]) => ['nsenter', `--net=/run/netns/${ns(n)}`, 'sysctl', '-q', '-e', '-w', ...s];
const noV6 = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
const ping = 'net.ipv4.ping_group_range=0 2147483647';
const lowPorts = 'net.ipv4.ip_unprivileged_port_start=0';

describe('networkPlan', () => {
  it('builds the network in order: namespaces, sysctls, switches, then each host\'s wires, addresses and routes (golden)', () => {
    expect(plan.up).toEqual([
      ['ip', 'netns', 'add', ns('s-home')],
      ['ip', 'netns', 'add', ns('s-dc')],
      ['ip', 'netns', 'add', ns('h-laptop')],
      ['ip', 'netns', 'add', ns('h-router')],
      ['ip', 'netns', 'add', ns('h-ns')],
      ['ip', 'netns', 'add', ns('h-www')],
      sysctl('s-home', ...noV6),
      sysctl('s-dc', ...noV6),
      sysctl('h-laptop', ...noV6, ping),
      sysctl('h-router', ...noV6, ping, lowPorts, 'net.ipv4.ip_forward=1'),
      sysctl('h-ns', ...noV6, ping, lowPorts),
      sysctl('h-www', ...noV6, ping, lowPorts),
      ['ip', '-n', ns('s-home'), 'link', 'add', 'br0', 'type', 'bridge'],
      ['ip', '-n', ns('s-home'), 'link', 'set', 'br0', 'up'],
      ['ip', '-n', ns('s-dc'), 'link', 'add', 'br0', 'type', 'bridge'],
      ['ip', '-n', ns('s-dc'), 'link', 'set', 'br0', 'up'],
      ['ip', '-n', ns('h-laptop'), 'link', 'set', 'lo', 'up'],
      ['ip', 'link', 'add', 'eth0', 'netns', ns('h-laptop'), 'type', 'veth', 'peer', 'name', 'p0', 'netns', ns('s-home')],
      ['ip', '-n', ns('s-home'), 'link', 'set', 'p0', 'master', 'br0', 'up'],
      ['ip', '-n', ns('h-laptop'), 'addr', 'add', '10.0.1.10/24', 'dev', 'eth0'],
      ['ip', '-n', ns('h-laptop'), 'link', 'set', 'eth0', 'up'],
      ['ip', '-n', ns('h-laptop'), 'route', 'add', '10.0.2.0/24', 'via', '10.0.1.1'],
      ['ip', '-n', ns('h-router'), 'link', 'set', 'lo', 'up'],
      ['ip', 'link', 'add', 'eth0', 'netns', ns('h-router'), 'type', 'veth', 'peer', 'name', 'p1', 'netns', ns('s-home')],
      ['ip', '-n', ns('s-home'), 'link', 'set', 'p1', 'master', 'br0', 'up'],
      ['ip', '-n', ns('h-router'), 'addr', 'add', '10.0.1.1/24', 'dev', 'eth0'],
      ['ip', '-n', ns('h-router'), 'link', 'set', 'eth0', 'up'],
      ['ip', 'link', 'add', 'eth1', 'netns', ns('h-router'), 'type', 'veth', 'peer', 'name', 'p2', 'netns', ns('s-dc')],
      ['ip', '-n', ns('s-dc'), 'link', 'set', 'p2', 'master', 'br0', 'up'],
      ['ip', '-n', ns('h-router'), 'addr', 'add', '10.0.2.1/24', 'dev', 'eth1'],
      ['ip', '-n', ns('h-router'), 'link', 'set', 'eth1', 'up'],
      ['ip', '-n', ns('h-ns'), 'link', 'set', 'lo', 'up'],
      ['ip', 'link', 'add', 'eth0', 'netns', ns('h-ns'), 'type', 'veth', 'peer', 'name', 'p3', 'netns', ns('s-dc')],
      ['ip', '-n', ns('s-dc'), 'link', 'set', 'p3', 'master', 'br0', 'up'],
      ['ip', '-n', ns('h-ns'), 'addr', 'add', '10.0.2.53/24', 'dev', 'eth0'],
      ['ip', '-n', ns('h-ns'), 'link', 'set', 'eth0', 'up'],
      ['ip', '-n', ns('h-ns'), 'route', 'add', 'default', 'via', '10.0.2.1'],
      ['ip', '-n', ns('h-www'), 'link', 'set', 'lo', 'up'],
      ['ip', 'link', 'add', 'eth0', 'netns', ns('h-www'), 'type', 'veth', 'peer', 'name', 'p4', 'netns', ns('s-dc')],
      ['ip', '-n', ns('s-dc'), 'link', 'set', 'p4', 'master', 'br0', 'up'],
      ['ip', '-n', ns('h-www'), 'addr', 'add', '10.0.2.80/24', 'dev', 'eth0'],
      ['ip', '-n', ns('h-www'), 'link', 'set', 'eth0', 'up'],
      ['ip', '-n', ns('h-www'), 'route', 'add', 'default', 'via', '10.0.2.1'],
    ]);
  });

  it('never touches the host machine\'s namespace: every link is made inside a named namespace', () => {
    for (const argv of plan.up) {
      if (argv[0] !== 'ip' || argv[1] === 'netns') continue;
      if (argv[1] === '-n') continue;
      // `ip link add` with no -n: both ends must be placed with netns.
      expect(argv.filter((a) => a === 'netns')).toHaveLength(2);
    }
  });

  it('removes every namespace it made', () => {
    expect(plan.down).toEqual(plan.namespaces.map((n) => ['ip', 'netns', 'delete', n.name]));
    expect(plan.namespaces.map((n) => n.path)).toContain(`/run/netns/${ns('h-www')}`);
    expect(plan.namespaces.filter((n) => n.host !== null).map((n) => n.host)).toEqual(['laptop', 'router', 'ns', 'www']);
  });

  it('names every namespace under the server instance\'s prefix, so a sweep finds only its own', () => {
    for (const n of plan.namespaces) expect(n.name.startsWith(netnsPrefix('abc'))).toBe(true);
    expect(hostNetnsName('abc', 's1', 'www')).toBe(ns('h-www'));
  });
});

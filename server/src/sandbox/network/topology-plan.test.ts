import { describe, expect, it } from 'vitest';
import { twoSubnetTopology } from './topology-fixture.js';
import { hostNetnsName, networkPlan, netnsPrefix } from './topology-plan.js';

const plan = networkPlan(twoSubnetTopology(), 'abc', 's1');
const ns = (n: string) => `syslab-abc-s1-${n}`;
const sysctl = (n: string, ...s: string[]) => ({ argv: ['nsenter', `--net=/run/netns/${ns(n)}`, 'sysctl', '-q', '-e', '-w', ...s] });
const batch = (n: string | null, lines: string[][]) => ({ argv: n === null ? ['ip', '-batch', '-'] : ['ip', '-n', ns(n), '-batch', '-'], batch: lines });
const noV6 = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
const ping = 'net.ipv4.ping_group_range=0 2147483647';
const lowPorts = 'net.ipv4.ip_unprivileged_port_start=0';

describe('networkPlan', () => {
  it('builds the network in order: namespaces, sysctls, wires, switches, then each host\'s addresses and routes (golden)', () => {
    expect(plan.up).toEqual([
      batch(null, [
        ['netns', 'add', ns('s-home')],
        ['netns', 'add', ns('s-dc')],
        ['netns', 'add', ns('h-laptop')],
        ['netns', 'add', ns('h-router')],
        ['netns', 'add', ns('h-ns')],
        ['netns', 'add', ns('h-www')],
      ]),
      sysctl('s-home', ...noV6),
      sysctl('s-dc', ...noV6),
      sysctl('h-laptop', ...noV6, ping),
      sysctl('h-router', ...noV6, ping, lowPorts, 'net.ipv4.ip_forward=1'),
      sysctl('h-ns', ...noV6, ping, lowPorts),
      sysctl('h-www', ...noV6, ping, lowPorts),
      batch(null, [
        ['link', 'add', 'eth0', 'netns', ns('h-laptop'), 'type', 'veth', 'peer', 'name', 'p0', 'netns', ns('s-home')],
        ['link', 'add', 'eth0', 'netns', ns('h-router'), 'type', 'veth', 'peer', 'name', 'p1', 'netns', ns('s-home')],
        ['link', 'add', 'eth1', 'netns', ns('h-router'), 'type', 'veth', 'peer', 'name', 'p2', 'netns', ns('s-dc')],
        ['link', 'add', 'eth0', 'netns', ns('h-ns'), 'type', 'veth', 'peer', 'name', 'p3', 'netns', ns('s-dc')],
        ['link', 'add', 'eth0', 'netns', ns('h-www'), 'type', 'veth', 'peer', 'name', 'p4', 'netns', ns('s-dc')],
      ]),
      batch('s-home', [
        ['link', 'add', 'br0', 'type', 'bridge'],
        ['link', 'set', 'br0', 'multicast', 'off', 'up'],
        ['link', 'set', 'p0', 'master', 'br0', 'multicast', 'off', 'up'],
        ['link', 'set', 'p1', 'master', 'br0', 'multicast', 'off', 'up'],
      ]),
      batch('s-dc', [
        ['link', 'add', 'br1', 'type', 'bridge'],
        ['link', 'set', 'br1', 'multicast', 'off', 'up'],
        ['link', 'set', 'p2', 'master', 'br1', 'multicast', 'off', 'up'],
        ['link', 'set', 'p3', 'master', 'br1', 'multicast', 'off', 'up'],
        ['link', 'set', 'p4', 'master', 'br1', 'multicast', 'off', 'up'],
      ]),
      batch('h-laptop', [
        ['link', 'set', 'lo', 'up'],
        ['addr', 'add', '10.0.1.10/24', 'dev', 'eth0'],
        ['link', 'set', 'eth0', 'up'],
        ['route', 'add', '10.0.2.0/24', 'via', '10.0.1.1'],
      ]),
      batch('h-router', [
        ['link', 'set', 'lo', 'up'],
        ['addr', 'add', '10.0.1.1/24', 'dev', 'eth0'],
        ['link', 'set', 'eth0', 'up'],
        ['addr', 'add', '10.0.2.1/24', 'dev', 'eth1'],
        ['link', 'set', 'eth1', 'up'],
      ]),
      batch('h-ns', [
        ['link', 'set', 'lo', 'up'],
        ['addr', 'add', '10.0.2.53/24', 'dev', 'eth0'],
        ['link', 'set', 'eth0', 'up'],
        ['route', 'add', 'default', 'via', '10.0.2.1'],
      ]),
      batch('h-www', [
        ['link', 'set', 'lo', 'up'],
        ['addr', 'add', '10.0.2.80/24', 'dev', 'eth0'],
        ['link', 'set', 'eth0', 'up'],
        ['route', 'add', 'default', 'via', '10.0.2.1'],
      ]),
    ]);
  });

  it('makes every namespace (and sets its sysctls) before the first wire, so processes can start in them meanwhile', () => {
    expect(plan.namespaceSteps).toBe(7);
    expect(plan.up.slice(0, plan.namespaceSteps).every((s) => s.argv[0] === 'nsenter' || s.batch?.every((l) => l[0] === 'netns'))).toBe(true);
    expect(plan.up.slice(plan.namespaceSteps).some((s) => s.argv[0] === 'nsenter')).toBe(false);
  });

  it('never touches the host machine\'s namespace: every link is made with both ends placed in named namespaces', () => {
    for (const step of plan.up) {
      if (step.argv[1] === '-n' || step.argv[0] !== 'ip') continue;
      for (const line of step.batch!) {
        if (line[0] === 'netns') continue;
        expect(line.slice(0, 2)).toEqual(['link', 'add']);
        expect(line.filter((a) => a === 'netns')).toHaveLength(2);
      }
    }
  });

  it('gives each namespace its sysctls as data, for a driver that sets them its own way (Docker at container create)', () => {
    const of = (n: string) => plan.namespaces.find((x) => x.name === ns(n))!.sysctls;
    expect(of('s-dc')).toEqual(noV6);
    expect(of('h-laptop')).toEqual([...noV6, ping]);
    expect(of('h-router')).toEqual([...noV6, ping, lowPorts, 'net.ipv4.ip_forward=1']);
  });

  it('numbers bridges across the network, so the switches may share one namespace', () => {
    const bridges = plan.up.flatMap((s) => s.batch ?? []).filter((l) => l[0] === 'link' && l[1] === 'add' && l.includes('bridge')).map((l) => l[2]);
    expect(bridges).toEqual(['br0', 'br1']);
  });

  it('removes every namespace it made, going on past any already gone', () => {
    expect(plan.down).toEqual([{ argv: ['ip', '-force', '-batch', '-'], batch: plan.namespaces.map((n) => ['netns', 'delete', n.name]) }]);
    expect(plan.namespaces.map((n) => n.path)).toContain(`/run/netns/${ns('h-www')}`);
    expect(plan.namespaces.filter((n) => n.host !== null).map((n) => n.host)).toEqual(['laptop', 'router', 'ns', 'www']);
  });

  it('names every namespace under the server instance\'s prefix, so a sweep finds only its own', () => {
    for (const n of plan.namespaces) expect(n.name.startsWith(netnsPrefix('abc'))).toBe(true);
    expect(hostNetnsName('abc', 's1', 'www')).toBe(ns('h-www'));
  });
});

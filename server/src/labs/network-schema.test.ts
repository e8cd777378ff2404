import { describe, expect, it } from 'vitest';
import { twoSubnetTopology } from '../sandbox/network/topology-fixture.js';
import { LabManifestSchema } from './lab-schema.js';
import { NetworkSchema } from './network-schema.js';

/** The fixture as an author would write it: defaults left out. */
function yamlLike() {
  return {
    domain: 'lab.test',
    subnets: [{ name: 'home', cidr: '10.0.1.0/24' }, { name: 'dc', cidr: '10.0.2.0/24' }],
    hosts: [
      { name: 'laptop', learner: true, capture: true, interfaces: [{ subnet: 'home', address: '10.0.1.10' }], routes: [{ to: '10.0.2.0/24', via: '10.0.1.1' }],
        etcHosts: { 'shop.lab.test': '10.0.2.80' } },
      { name: 'router', forward: true, interfaces: [{ subnet: 'home', address: '10.0.1.1' }, { subnet: 'dc', address: '10.0.2.1' }] },
      { name: 'ns', interfaces: [{ subnet: 'dc', address: '10.0.2.53' }], gateway: '10.0.2.1', dns: { records: { 'www.lab.test': '10.0.2.80' } } },
      { name: 'www', interfaces: [{ subnet: 'dc', address: '10.0.2.80' }], gateway: '10.0.2.1', web: { pages: { '/index.html': 'hello\n' } } },
    ],
  };
}

/** The fixture as plain data a test may break in any way. */
function loose(value: ReturnType<typeof yamlLike>) {
  return value as unknown as { hosts: Array<Record<string, unknown>>; subnets: Array<Record<string, string>> };
}

function problems(value: unknown): string[] {
  const r = NetworkSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('NetworkSchema', () => {
  it('accepts a router between two subnets and fills the defaults drivers rely on', () => {
    expect(NetworkSchema.parse(yamlLike())).toEqual(twoSubnetTopology());
  });

  it('names the field of each mistake in the addresses', () => {
    const net = yamlLike();
    net.hosts[0]!.interfaces[0]!.address = '10.0.2.10';
    net.hosts[3]!.interfaces[0]!.address = '10.0.2.53';
    net.subnets.push({ name: 'wan', cidr: '8.8.8.0/24' }, { name: 'dup', cidr: '10.0.1.128/25' });
    expect(problems(net)).toEqual(expect.arrayContaining([
      'subnets.2.cidr: 8.8.8.0/24 is not a private range: use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      'subnets.3.cidr: 10.0.1.128/25 overlaps subnet "home" (10.0.1.0/24)',
      'hosts.0.interfaces.0.address: 10.0.2.10 is not inside subnet "home" (10.0.1.0/24)',
      'hosts.3.interfaces.0.address: 10.0.2.53 is already host "ns"\'s',
    ]));
  });

  it('wants exactly one learner host, gateways on a shared subnet, routers with two legs, one DNS server', () => {
    const net = yamlLike();
    (net.hosts[0] as { learner?: boolean }).learner = false;
    net.hosts[2]!.gateway = '10.0.1.1';
    net.hosts[1]!.interfaces.pop();
    (net.hosts[3] as { dns?: unknown }).dns = { records: {} };
    expect(problems(net)).toEqual(expect.arrayContaining([
      'hosts: one host must have learner: true (the learner\'s shell runs there)',
      'hosts.2.gateway: 10.0.1.1 (host "router") is on subnet "home", which "ns" has no interface on',
      'hosts.1.forward: a host that forwards (a router) needs interfaces on at least two subnets',
      'hosts.3.dns: only one host can serve DNS (every host\'s resolv.conf points at it)',
    ]));
  });

  it('keeps servers off the learner\'s host', () => {
    const net = loose(yamlLike());
    net.hosts[0]!.web = { pages: {} };
    expect(problems(net)).toEqual(['hosts.0.web: the learner\'s host runs the learner\'s shell; put servers on hosts of their own']);
  });

  it('refuses unknown keys, host bits in a subnet and paths that climb', () => {
    const net = loose(yamlLike());
    net.hosts[3]!.web = { pages: { '/../etc/passwd': 'x' } };
    net.hosts[2]!.adress = '1';
    net.subnets[0]!.cidr = '10.0.1.5/24';
    const found = problems(net).join('\n');
    expect(found).toContain('hosts.2: Unrecognized key: "adress"');
    expect(found).toContain('subnets.0.cidr: 10.0.1.5/24 has host bits set: the network address is 10.0.1.0/24');
    expect(found).toContain('hosts.3.web.pages./../etc/passwd: "/../etc/passwd" must be a URL path like /index.html');
  });
});

describe('steps[].host', () => {
  const base = { id: 'net', title: 'T', summary: 'S', level: 'beginner', minutes: 5 };
  it('must name a host of the network', () => {
    const r = LabManifestSchema.safeParse({ ...base, network: yamlLike(), steps: [{ dir: '01-a', title: 'A', host: 'wwww' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'steps.0.host: "wwww" is not a host of the lab\'s network (hosts: laptop, router, ns, www)',
    ]);
    expect(LabManifestSchema.safeParse({ ...base, network: yamlLike(), steps: [{ dir: '01-a', title: 'A', host: 'www' }] }).success).toBe(true);
  });

  it('is refused in a lab without a network', () => {
    const r = LabManifestSchema.safeParse({ ...base, steps: [{ dir: '01-a', title: 'A', host: 'www' }] });
    expect(r.error!.issues[0]!.message).toMatch(/declares no network/);
  });
});

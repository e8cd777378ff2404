import { describe, expect, it } from 'vitest';
import { hostFiles } from './host-files.js';
import { twoSubnetTopology } from './topology-fixture.js';

const topology = twoSubnetTopology();
const host = (name: string) => topology.hosts.find((h) => h.name === name)!;

describe('hostFiles', () => {
  it('points every host\'s resolver at the lab DNS server, with the lab domain to search', () => {
    expect(hostFiles(topology, host('laptop')).resolvConf).toBe('nameserver 10.0.2.53\nsearch lab.test\n');
    expect(hostFiles(topology, host('www')).resolvConf).toBe('nameserver 10.0.2.53\nsearch lab.test\n');
  });

  it('adds a host\'s own /etc/hosts lines, and nothing of the other hosts (their names come from DNS)', () => {
    expect(hostFiles(topology, host('laptop')).hostsLines).toEqual(['10.0.2.80\tshop.lab.test']);
    expect(hostFiles(topology, host('router')).hostsLines).toEqual([]);
  });

  it('serves every host under the domain, each of its addresses, then the extra records (DNS host)', () => {
    const ns = hostFiles(topology, host('ns'));
    expect(ns.config['dns-hosts']).toBe([
      '10.0.1.10\tlaptop.lab.test\tlaptop',
      '10.0.1.1\trouter.lab.test\trouter',
      '10.0.2.1\trouter.lab.test\trouter',
      '10.0.2.53\tns.lab.test\tns',
      '10.0.2.80\twww.lab.test\twww',
      '10.0.2.80\twww.lab.test',
      '',
    ].join('\n'));
    expect(ns.command[2]).toMatch(/^dnsmasq --keep-in-foreground --no-resolv --no-hosts --addn-hosts=\/etc\/syslab\/dns-hosts --local=\/lab.test\/ /);
    expect(ns.ready).toEqual([{ protocol: 'udp', port: 53 }, { protocol: 'tcp', port: 53 }]);
    expect(ns.needsKey).toBe(false);
  });

  it('runs nginx unprivileged with HTTP/1.1 on 80 and TLS with HTTP/2 on 443, pages under www/ (web host)', () => {
    const www = hostFiles(topology, host('www'));
    expect(www.config['www/index.html']).toBe('hello\n');
    const conf = www.config['nginx.conf']!;
    expect(conf).toContain('listen 80;');
    expect(conf).toContain('listen 443 ssl http2;');
    expect(conf).toContain('pid /tmp/nginx.pid;');
    expect(conf).not.toMatch(/^\s*user /m);
    expect(www.command[2]).toContain("nginx -c /etc/syslab/nginx.conf -e /tmp/nginx-error.log -g 'daemon off;' &");
    expect(www.ready).toEqual([{ protocol: 'tcp', port: 80 }, { protocol: 'tcp', port: 443 }]);
    expect(www.needsKey).toBe(true);
  });

  it('keeps a host without services alive with a process that only waits', () => {
    expect(hostFiles(topology, host('router')).command).toEqual(['/bin/sh', '-c', 'exec sleep infinity']);
  });
});

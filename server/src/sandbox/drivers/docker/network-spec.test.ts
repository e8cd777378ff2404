import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxSpec } from '../../driver.js';
import { hostFiles } from '../../network/host-files.js';
import { NETWORK_HOST_LIMITS } from '../../network/network-host-limits.js';
import { twoSubnetTopology } from '../../network/topology-fixture.js';
import { networkPlan } from '../../network/topology-plan.js';
import { containerCreateBody } from './docker-spec.js';
import {
  captureBody, captureVolumeBody, hostFilesExecScript, networkHelperBody, serviceHostBody, switchesBody, sysctlMap, wiringCommand,
  withLearnerNetwork,
} from './network-spec.js';

const topology = twoSubnetTopology();
const spec: SandboxSpec = {
  id: 'abc123', lab: 'networking', filesDir: null, network: topology,
  limits: { memoryBytes: 512 * 1024 * 1024, pids: 256, cpus: 0.5, diskBytes: 256 * 1024 * 1024 },
};
const host = { image: 'syslab-sandbox:latest', instance: 'f00dfeed00' };
const plan = networkPlan(topology, host.instance, spec.id);
const labHost = (name: string) => topology.hosts.find((h) => h.name === name)!;
const sysctls = (name: string) => plan.namespaces.find((n) => n.host === name)!.sysctls;

describe('lab network containers (Docker)', () => {
  it('a service host is uid 1000 with no capability, no network but its own namespace, small limits, its sysctls (golden)', () => {
    const www = labHost('www');
    const files = hostFiles(topology, www);
    const body = serviceHostBody(spec, host, www, files, { hostname: 'www', hostsLines: [], resolvConf: files.resolvConf }, sysctls('www'));
    expect(body.name).toBe('syslab-f00dfeed00-abc123-h-www');
    expect(body.User).toBe('1000:1000');
    expect(body.Labels).toEqual({
      'syslab.instance': 'f00dfeed00', 'syslab.sandbox': 'abc123', 'syslab.lab': 'networking', 'syslab.role': 'host', 'syslab.host': 'www',
    });
    expect(body.Cmd![2]).toMatch(/^until \[ -e \/etc\/syslab\/\.complete \]; do sleep 0\.01; done\nnginx -c \/etc\/syslab\/nginx\.conf/);
    const hc = body.HostConfig!;
    expect(hc).toMatchObject({
      NetworkMode: 'none', Init: true, ReadonlyRootfs: true, CapDrop: ['ALL'], IpcMode: 'private',
      Memory: NETWORK_HOST_LIMITS.memoryBytes, MemorySwap: NETWORK_HOST_LIMITS.memoryBytes, PidsLimit: NETWORK_HOST_LIMITS.pids,
      ExtraHosts: ['www:127.0.1.1'], Dns: ['10.0.2.53'], DnsSearch: ['lab.test'],
      Sysctls: {
        'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1',
        'net.ipv4.ping_group_range': '0 2147483647', 'net.ipv4.ip_unprivileged_port_start': '0',
      },
    });
    expect(hc.CapAdd).toBeUndefined();
    expect(hc.Privileged).toBeUndefined();
    expect(hc.SecurityOpt![0]).toBe('no-new-privileges');
    expect(hc.SecurityOpt![1]).toMatch(/^seccomp=\{/);
    expect(hc.Tmpfs!['/etc/syslab']).toBe('rw,noexec,nosuid,nodev,size=2097152,mode=0755'); // root's: read-only to uid 1000
  });

  it('the router forwards through its sysctl, not a capability', () => {
    const router = labHost('router');
    const body = serviceHostBody(spec, host, router, hostFiles(topology, router), { hostname: 'router', hostsLines: [], resolvConf: null }, sysctls('router'));
    expect(body.HostConfig!.Sysctls!['net.ipv4.ip_forward']).toBe('1');
    expect(body.HostConfig!.CapAdd).toBeUndefined();
  });

  it('the learner\'s container joins its host: name, /etc lines, resolver, sysctls, certificate tmpfs, the capture read-only', () => {
    const body = withLearnerNetwork(containerCreateBody(spec, host),
      { hostname: 'laptop', hostsLines: ['10.0.2.80\tshop.lab.test'], resolvConf: 'nameserver 10.0.2.53\nsearch lab.test\n' },
      sysctls('laptop'), 'vol');
    expect(body.Hostname).toBe('laptop');
    expect(body.NetworkDisabled).toBe(false);
    expect(body.HostConfig).toMatchObject({
      NetworkMode: 'none', CapDrop: ['ALL'], ReadonlyRootfs: true,
      ExtraHosts: ['laptop:127.0.1.1', 'shop.lab.test:10.0.2.80'], Dns: ['10.0.2.53'], DnsSearch: ['lab.test'],
      Mounts: [{ Type: 'volume', Source: 'vol', Target: '/var/log', ReadOnly: true }],
    });
    expect(body.HostConfig!.Sysctls).not.toHaveProperty('net.ipv4.ip_unprivileged_port_start');
    expect(Object.keys(body.HostConfig!.Tmpfs!)).toEqual(['/home/learner', '/tmp', '/run', '/etc/syslab']);
  });

  it('the helper has exactly the capabilities wiring needs, the host\'s pids to reach namespaces, and no network (golden)', () => {
    const body = networkHelperBody(host);
    expect(body.name).toBe('syslab-f00dfeed00-network-helper');
    expect(body.Labels).toEqual({ 'syslab.instance': 'f00dfeed00', 'syslab.role': 'network-helper' });
    expect(body.HostConfig).toMatchObject({
      NetworkMode: 'none', PidMode: 'host', UsernsMode: 'host', ReadonlyRootfs: true,
      CapDrop: ['ALL'], CapAdd: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE'],
      SecurityOpt: ['no-new-privileges', 'apparmor=unconfined'],
    });
    expect(body.HostConfig!.Privileged).toBeUndefined();
    expect(body.HostConfig!.Binds).toBeUndefined();
    expect(body.HostConfig!.Mounts).toBeUndefined();
  });

  it('the capture: root with only NET_RAW/SETUID/SETGID, in the learner\'s network namespace, no init left as root, then nobody', () => {
    const body = captureBody(spec, host, 'learner-id', 'vol');
    expect(body.User).toBe('0:0');
    expect(body.HostConfig).toMatchObject({
      NetworkMode: 'container:learner-id', Init: false, CapDrop: ['ALL'], CapAdd: ['NET_RAW', 'SETUID', 'SETGID'], ReadonlyRootfs: true,
      Mounts: [{ Type: 'volume', Source: 'vol', Target: '/capture' }],
    });
    expect(body.HostConfig!.SecurityOpt![1]).toMatch(/^seccomp=/);
    expect(body.Cmd![2]).toContain('/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups -- /usr/bin/python3 -I -c "$1" >> /capture/capture.txt');
    expect(captureVolumeBody(spec, host)).toMatchObject({
      Name: 'syslab-f00dfeed00-abc123-capture', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=2097152,mode=0755' },
      Labels: { 'syslab.sandbox': 'abc123', 'syslab.role': 'capture' },
    });
  });

  it('the switches: one namespace for every subnet\'s bridge, nothing else', () => {
    const body = switchesBody(spec, host, plan.namespaces.find((n) => n.host === null)!.sysctls);
    expect(body.Cmd).toEqual(['sleep', 'infinity']);
    expect(body.HostConfig).toMatchObject({ NetworkMode: 'none', CapDrop: ['ALL'], Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1' } });
  });

  it('parses sysctls whose values hold spaces', () => {
    expect(sysctlMap(['a.b=1', 'c.d=0 2147483647'])).toEqual({ 'a.b': '1', 'c.d': '0 2147483647' });
  });
});

describe('wiringCommand', () => {
  const pids = new Map(plan.namespaces.map((n, i) => [n.name, n.host === null ? 50 : 100 + i]));
  const argv = wiringCommand(plan, pids);
  const script = argv[argv.length - 1]!;

  it('runs in a private mount namespace, names on a tmpfs that goes with it', () => {
    expect(argv.slice(0, 5)).toEqual(['unshare', '--mount', '--propagation', 'private', '/bin/sh']);
    expect(script).toMatch(/^set -e\nmkdir -p \/run\/netns\nmount -t tmpfs -o size=64k,mode=0700 syslab-netns \/run\/netns\n/);
  });

  it('attaches each plan namespace to its container\'s pid (the switches share one), then runs the plan past its namespace steps', () => {
    expect(script).toContain('netns attach syslab-f00dfeed00-abc123-s-home 50\nnetns attach syslab-f00dfeed00-abc123-s-dc 50\n');
    expect(script).toContain('netns attach syslab-f00dfeed00-abc123-h-laptop 102\n');
    expect(script).not.toMatch(/netns add|sysctl/);
    expect(script).toContain('link add eth0 netns syslab-f00dfeed00-abc123-h-laptop type veth peer name p0 netns syslab-f00dfeed00-abc123-s-home');
    expect(script).toContain('route add default via 10.0.2.1');
  });

  it('refuses a namespace without a pid', () => {
    const missing = new Map(pids);
    missing.delete(plan.namespaces[3]!.name);
    expect(() => wiringCommand(plan, missing)).toThrow(/no container pid/);
  });
});

describe('hostFilesExecScript', () => {
  it('writes each file exactly (any bytes), in sub-folders, then marks the files complete', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-files-'));
    try {
      const script = hostFilesExecScript({ 'nginx.conf': "it's \"quoted\" $HOME `x`\n", 'www/index.html': 'héllo\n' }, [], [])
        .replace(/\/etc\/syslab/g, dir);
      execFileSync('/bin/sh', ['-s'], { input: script });
      expect(readFileSync(path.join(dir, 'nginx.conf'), 'utf8')).toBe("it's \"quoted\" $HOME `x`\n");
      expect(readFileSync(path.join(dir, 'www/index.html'), 'utf8')).toBe('héllo\n');
      expect(readFileSync(path.join(dir, '.complete'), 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('then waits for every socket the services open, and says which never came', () => {
    const script = hostFilesExecScript({}, [{ protocol: 'udp', port: 53 }, { protocol: 'tcp', port: 80 }], ['/tmp/nginx-error.log']);
    expect(script).toContain("until ss -Hlnu 'sport = :53' | grep -q . && ss -Hlnt 'sport = :80' | grep -q .; do");
    expect(script).toContain('nothing listening on udp/53, tcp/80');
  });
});

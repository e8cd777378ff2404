/**
 * A lab's network, for real, under each driver: namespaces, veth pairs, a
 * router, dnsmasq and nginx as unprivileged hosts of their own (bubblewrap
 * sandboxes, or Docker containers wired by the driver's helper). The learner
 * reaches the web server by name through the router; nothing reaches the
 * host machine; two sessions with the same addresses never see each other;
 * destroy and a restarted server's sweep leave no namespace, veth, process
 * or container behind. What differs between drivers (how to find a
 * session's namespaces, which uids back the hosts) is in lab-network-drivers.ts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, TerminalStream } from '../../server/src/sandbox/driver.js';
import { twoSubnetTopology } from '../../server/src/sandbox/network/topology-fixture.js';
import { newSessionId } from '../../server/src/sessions/credentials.js';
import { hostUidOf, survivors, TEST_LIMITS } from './sandbox-harness.js';
import { NETWORK_DRIVERS, pidsInNetns, type NetworkDriverHarness, type OpenedNetworkDriver } from './lab-network-drivers.js';

interface NetSandbox {
  sandbox: Sandbox;
  term: TerminalStream;
  /** Runs a shell command on a host of the network (default: the learner's). */
  sh(command: string, host?: string): Promise<string>;
}

async function start(driver: OpenedNetworkDriver['driver']): Promise<NetSandbox> {
  const sandbox = await driver.create({ id: newSessionId(), lab: 'net', limits: TEST_LIMITS, filesDir: null, network: twoSubnetTopology() });
  const term = await sandbox.attach({ cols: 100, rows: 30 });
  return {
    sandbox,
    term,
    async sh(command, host) {
      const r = await sandbox.exec(['/bin/sh', '-c', command], { timeoutMs: 10_000, ...(host ? { host } : {}) });
      return r.stdout + r.stderr;
    },
  };
}

function hostIpv4Addresses(): string[] {
  return Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4').map((a) => a!.address);
}

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').trim();
}

describe.each(NETWORK_DRIVERS)('lab networks ($name)', (harness: NetworkDriverHarness) => {
  let unavailable: string | null = null;
  let opened: OpenedNetworkDriver;

  beforeAll(async () => {
    unavailable = await harness.unavailable();
    if (unavailable && process.env.CI) throw new Error(`lab networks under ${harness.name} must run in CI but cannot: ${unavailable}`);
    if (unavailable) {
      console.warn(`SKIPPED: lab networks (${harness.name}): ${unavailable}`);
      return;
    }
    opened = await harness.open();
  });

  afterAll(async () => {
    await opened?.close();
  });

  const test = (title: string, fn: () => Promise<void>) => it(title, async (ctx) => {
    if (unavailable) ctx.skip();
    await fn();
  }, 60_000);

  test('the learner\'s host reaches the web server by name, through the router, over HTTP/1.1 and HTTP/2', async () => {
    const s = await start(opened.driver);
    try {
      expect(await s.sh('hostname')).toBe('laptop\n');
      // The engine writes search before nameserver; bubblewrap the other way round. Same resolver either way.
      expect((await s.sh('cat /etc/resolv.conf')).split('\n').filter(Boolean).sort()).toEqual(['nameserver 10.0.2.53', 'search lab.test']);
      expect(await s.sh('getent hosts shop.lab.test laptop')).toMatch(/^10\.0\.2\.80\s+shop\.lab\.test\n127\.0\.1\.1\s+laptop\n$/);
      expect(await s.sh('dig +short www.lab.test')).toBe('10.0.2.80\n');
      expect(await s.sh('ip route get 10.0.2.80')).toMatch(/^10\.0\.2\.80 via 10\.0\.1\.1 dev eth0 src 10\.0\.1\.10/);
      expect(await s.sh('curl -sS http://www.lab.test/whoami')).toMatch(/^you are 10\.0\.1\.10 port \d+, speaking HTTP\/1\.1 to www\n$/);
      expect(await s.sh('curl -sS --cacert /etc/syslab/lab.crt https://www.lab.test/whoami'))
        .toMatch(/^you are 10\.0\.1\.10 port \d+, speaking HTTP\/2\.0 to www\n$/);
      // The router forwarded those packets: its kernel counted them.
      const snmp = await s.sh('cat /proc/net/snmp', 'router');
      const [names, values] = snmp.split('\n').filter((l) => l.startsWith('Ip:'));
      const forwarded = Number(values!.split(/\s+/)[names!.split(/\s+/).indexOf('ForwDatagrams')]);
      expect(forwarded).toBeGreaterThan(10);
      // The web server saw the learner's own address, and logged it.
      expect(await s.sh('cat /tmp/access.log', 'www')).toMatch(/^10\.0\.1\.10:\d+ "GET \/whoami HTTP\/2\.0" 200/m);
    } finally {
      await s.sandbox.destroy();
    }
  });

  test('no host runs privileged: every host is uid 1000 without capabilities, its configuration read-only to it', async () => {
    const s = await start(opened.driver);
    try {
      for (const host of ['laptop', 'router', 'ns', 'www']) {
        expect(await s.sh('id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status', host)).toBe('1000\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\n');
      }
      expect(await s.sh('{ echo x >> /etc/syslab/nginx.conf; echo x >> /etc/hosts; } 2>&1; echo end', 'www')).toMatch(/(Permission denied|Read-only)[\s\S]*(Permission denied|Read-only)[\s\S]*end/);
      // The processes serving the web host, as the machine sees them.
      const pids = (await opened.namespacesOf(s.sandbox.id)).filter((n) => n.host === 'www').flatMap((n) => pidsInNetns(n.inode));
      expect(pids.length).toBeGreaterThanOrEqual(2); // its init, nginx master and worker
      for (const pid of pids) harness.expectServiceHostUid(hostUidOf(pid));
      // The learner cannot rewire its host.
      expect(await s.sh('(ip route add 192.168.9.0/24 via 10.0.1.1; ip link set eth0 down) 2>&1; echo done')).toMatch(/Operation not permitted[\s\S]*Operation not permitted[\s\S]*done/);
    } finally {
      await s.sandbox.destroy();
    }
  });

  test('the learner reads a capture of their eth0 (handshake, reset, ARP), made by a reader with no privilege', async () => {
    const s = await start(opened.driver);
    try {
      await s.sh('curl -sS http://10.0.2.80/whoami >/dev/null; nc -z 10.0.2.80 81; sleep 0.3');
      const capture = await s.sh('cat /var/log/capture.txt');
      expect(capture).toMatch(/^capturing on eth0\n/);
      expect(capture).toMatch(/ARP, Request who-has 10\.0\.1\.1 tell 10\.0\.1\.10/);
      const port = /IP 10\.0\.1\.10\.(\d+) > 10\.0\.2\.80\.80: Flags \[S\], seq/.exec(capture)?.[1];
      expect(port, capture).toBeDefined();
      expect(capture).toMatch(new RegExp(`IP 10\\.0\\.2\\.80\\.80 > 10\\.0\\.1\\.10\\.${port}: Flags \\[S\\.\\]`));
      expect(capture).toMatch(new RegExp(`IP 10\\.0\\.1\\.10\\.${port} > 10\\.0\\.2\\.80\\.80: Flags \\[\\.\\]`));
      expect(capture).toMatch(/IP 10\.0\.2\.80\.81 > 10\.0\.1\.10\.\d+: Flags \[R\.\]/);
      expect(await s.sh('echo x >> /var/log/capture.txt 2>&1; echo $?')).toMatch(/Permission denied|Read-only/);
      // The processes that hold the packet socket: no capability left, not root, not the learner.
      const laptopNs = (await opened.namespacesOf(s.sandbox.id)).find((n) => n.host === 'laptop')!.inode;
      const holders = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
        try {
          return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'))
            && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('socket.socket(fileno=')
            && (harness.captureSharesLearnerNetns ? readlinkSync(`/proc/${pid}/ns/net`) === laptopNs : true);
        } catch { return false; }
      });
      expect(holders.length).toBeGreaterThanOrEqual(1);
      for (const pid of holders) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        expect(status).toMatch(/^CapEff:\s+0+$/m);
        expect(status).toMatch(/^CapPrm:\s+0+$/m);
        expect(status).toMatch(/^CapAmb:\s+0+$/m);
        expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
        const uid = hostUidOf(Number(pid));
        expect(uid).not.toBe(0);
        expect(uid).not.toBe(1000);
        harness.expectCaptureUid(uid);
        if (!harness.captureSharesLearnerNetns) expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(laptopNs);
      }
    } finally {
      await s.sandbox.destroy();
    }
  });

  test('nothing is routed to the host machine or beyond: a listener on the host\'s 0.0.0.0 is unreachable from every host', async () => {
    let connections = 0;
    const server = net.createServer((c) => { connections++; c.destroy(); });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const port = (server.address() as net.AddressInfo).port;
    const linksBefore = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });
    const s = await start(opened.driver);
    try {
      expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).toBe(linksBefore); // no veth in the host's namespace
      const targets = [...hostIpv4Addresses(), '1.1.1.1', '10.0.1.1', '172.17.0.1'];
      for (const host of ['laptop', 'router', 'www']) {
        const out = await s.sh(targets.map((a) => `nc -z -w 1 ${a} ${port} && echo "reached ${a}"`).join('; ') + '; echo end', host);
        expect(out).not.toMatch(/reached/);
      }
      expect(await s.sh('ip route get 1.1.1.1', 'router')).toMatch(/unreachable/);
      expect(connections).toBe(0);
    } finally {
      await s.sandbox.destroy();
      server.close();
    }
  });

  test('two sessions of the same lab, same addresses, in parallel: each sees only its own web server', async () => {
    const [a, b] = await Promise.all([start(opened.driver), start(opened.driver)]);
    try {
      const serve = (token: string) => `mkdir -p /tmp/site && echo ${token} > /tmp/site/token && cd /tmp/site && `
        + 'python3 -m http.server 8000 </dev/null >/dev/null 2>&1 & '
        + 'for i in $(seq 50); do ss -ltn | grep -q ":8000 " && break; sleep 0.1; done';
      await a.sh(serve('token-of-a'), 'www');
      await b.sh(serve('token-of-b'), 'www');
      expect(await a.sh('curl -sS http://www.lab.test:8000/token')).toBe('token-of-a\n');
      expect(await b.sh('curl -sS http://www.lab.test:8000/token')).toBe('token-of-b\n');
      // Same address, different machines: the router each learner met has its own MAC.
      const mac = async (s: NetSandbox) => (await s.sh('ip neigh show 10.0.1.1')).split(/\s+/)[4];
      expect(await mac(a)).toMatch(/^[0-9a-f:]{17}$/);
      expect(await mac(a)).not.toBe(await mac(b));
    } finally {
      await Promise.all([a.sandbox.destroy(), b.sandbox.destroy()]);
    }
  });

  test('destroy leaves no namespace, veth, process or container; start-up cost is measured', async () => {
    const linksBefore = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });
    const t0 = performance.now();
    const plain = await opened.driver.create({ id: newSessionId(), lab: 'plain', limits: TEST_LIMITS, filesDir: null });
    await plain.attach({ cols: 80, rows: 24 });
    const plainMs = performance.now() - t0;
    await plain.destroy();
    const t1 = performance.now();
    const s = await start(opened.driver);
    const networkMs = performance.now() - t1;
    const mine = await opened.namespacesOf(s.sandbox.id);
    expect(mine.filter((n) => n.host !== null).map((n) => n.host).sort()).toEqual(['laptop', 'ns', 'router', 'www']);
    await harness.beforeFirstUse?.(s.sandbox, opened);
    expect(await s.sh('hostname', 'router')).toBe('router\n');
    const pids = mine.flatMap((n) => pidsInNetns(n.inode));
    expect(pids.length).toBeGreaterThanOrEqual(6);
    await s.sandbox.destroy();
    expect(await opened.leftovers(s.sandbox.id)).toEqual([]);
    expect(await survivors(pids)).toEqual([]);
    for (const n of mine) expect(pidsInNetns(n.inode), `namespace of ${n.host ?? 'a switch'}`).toEqual([]);
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).toBe(linksBefore);
    console.log(`${harness.name} create(): ${plainMs.toFixed(0)} ms without a network (create + attach), ${networkMs.toFixed(0)} ms with 4 hosts and 2 subnets (create + attach); load ${loadavg()}`);
  });

  test('destroyed while its network is still being built: nothing is left, whenever it happens', async () => {
    for (const delayMs of [0, 50, 200, 500, 900]) {
      const sandbox = await opened.driver.create({ id: newSessionId(), lab: 'net', limits: TEST_LIMITS, filesDir: null, network: twoSubnetTopology() });
      const attached = sandbox.attach({ cols: 80, rows: 24 }).then(() => 'started', (err: Error) => err.message);
      await new Promise((r) => setTimeout(r, delayMs));
      await sandbox.destroy();
      const outcome = await attached;
      // Give a create the engine was still answering its moment to land (and be removed).
      await new Promise((r) => setTimeout(r, 500));
      expect(await opened.leftovers(sandbox.id), `destroyed after ${delayMs} ms (attach: ${outcome})`).toEqual([]);
    }
  });

  test('a restarted server sweeps the namespaces, hosts and containers its dead predecessor left', async () => {
    const first = await harness.open(undefined, 500);
    const s = await start(first.driver);
    const mine = await first.namespacesOf(s.sandbox.id);
    const pids = mine.flatMap((n) => pidsInNetns(n.inode));
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const restarted = await harness.open(first.dataDir, 700);
    await restarted.driver.sweep();
    expect(await restarted.leftovers(s.sandbox.id)).toEqual([]);
    expect(await survivors(pids)).toEqual([]);
    for (const n of mine) expect(pidsInNetns(n.inode)).toEqual([]);
    await s.sandbox.destroy();
    await restarted.close();
  });
});

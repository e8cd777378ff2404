/**
 * A lab's network, for real: namespaces, veth pairs, a router, dnsmasq and
 * nginx in their own unprivileged sandboxes. The learner reaches the web
 * server by name through the router; nothing reaches the host machine; two
 * sessions with the same addresses never see each other; destroy and a
 * restarted server's sweep leave no namespace or process behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, TerminalStream } from '../../server/src/sandbox/driver.js';
import { BubblewrapDriver } from '../../server/src/sandbox/drivers/bubblewrap/bwrap-driver.js';
import { twoSubnetTopology } from '../../server/src/sandbox/network/topology-fixture.js';
import { newSessionId } from '../../server/src/sessions/credentials.js';
import { hostUidOf, survivors, TEST_LIMITS } from './sandbox-harness.js';

const log = pino({ level: 'silent' });
const isRoot = process.getuid?.() === 0;
// Lab networks are built as root (network namespaces); CI runs as root.
if (!isRoot && process.env.CI) throw new Error('lab network tests must run in CI, which runs as root');
if (!isRoot) console.warn(`SKIPPED: lab networks: the tests must run as root to build network namespaces`);
const UID_BASE = 3_300_000 + (process.pid % 100) * 1000;

interface NetSandbox {
  sandbox: Sandbox;
  term: TerminalStream;
  /** Runs a shell command on a host of the network (default: the learner's). */
  sh(command: string, host?: string): Promise<string>;
}

async function start(driver: BubblewrapDriver): Promise<NetSandbox> {
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

/** Namespaces of this driver's instance: /run/netns/syslab-<instance>-… */
function labNamespaces(): string[] {
  return readdirSync('/run/netns').filter((n) => n.startsWith('syslab-'));
}

/** Host pids whose network namespace is this one (inode of its /run/netns file). */
function pidsInNetns(nsPath: string): number[] {
  const inode = statSync(nsPath).ino;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === `net:[${inode}]`) pids.push(Number(entry));
    } catch { /* gone, or a kernel thread */ }
  }
  return pids;
}

function hostIpv4Addresses(): string[] {
  return Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4').map((a) => a!.address);
}

describe.runIf(isRoot)('lab networks (bubblewrap)', () => {
  let driver: BubblewrapDriver;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-net-'));
    driver = await BubblewrapDriver.open({ dataDir, cgroupRoot: '/sys/fs/cgroup', uidBase: UID_BASE, log });
    const problem = await driver.check();
    if (problem) throw new Error(problem);
  });

  afterAll(async () => {
    await driver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the learner\'s host reaches the web server by name, through the router, over HTTP/1.1 and HTTP/2', async () => {
    const s = await start(driver);
    try {
      expect(await s.sh('hostname; cat /etc/resolv.conf')).toBe('laptop\nnameserver 10.0.2.53\nsearch lab.test\n');
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

  it('no host runs privileged: service hosts are uid 1000 without capabilities, backed by pool uids on the host', async () => {
    const s = await start(driver);
    try {
      for (const host of ['laptop', 'router', 'ns', 'www']) {
        expect(await s.sh('id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status', host)).toBe('1000\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\n');
      }
      const nsPath = `/run/netns/${labNamespaces().find((n) => n.includes(s.sandbox.id) && n.endsWith('-h-www'))}`;
      const uids = pidsInNetns(nsPath).map(hostUidOf);
      expect(uids.length).toBeGreaterThanOrEqual(2); // bwrap's init, nginx master and worker
      for (const uid of uids) expect(uid).toBeGreaterThanOrEqual(UID_BASE);
      // The learner cannot rewire its host.
      expect(await s.sh('(ip route add 192.168.9.0/24 via 10.0.1.1; ip link set eth0 down) 2>&1; echo done')).toMatch(/Operation not permitted[\s\S]*Operation not permitted[\s\S]*done/);
    } finally {
      await s.sandbox.destroy();
    }
  });

  it('the learner reads a capture of their eth0 (handshake, reset, ARP), made by a reader with no privilege and no network', async () => {
    const s = await start(driver);
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
      // The processes that hold the packet socket: a pool uid, no capability left, no network of their own but loopback.
      const laptopNs = statSync(`/run/netns/${labNamespaces().find((n) => n.includes(s.sandbox.id) && n.endsWith('-h-laptop'))}`).ino;
      const holders = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
        try {
          return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'))
            && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('socket.socket(fileno=');
        } catch { return false; }
      });
      expect(holders.length).toBeGreaterThanOrEqual(1);
      for (const pid of holders) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        expect(status).toMatch(/^CapEff:\s+0+$/m);
        expect(status).toMatch(/^CapPrm:\s+0+$/m);
        expect(status).toMatch(/^CapAmb:\s+0+$/m);
        expect(hostUidOf(Number(pid))).toBeGreaterThanOrEqual(UID_BASE);
        expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(`net:[${laptopNs}]`);
      }
    } finally {
      await s.sandbox.destroy();
    }
  });

  it('nothing is routed to the host machine or beyond: a listener on the host\'s 0.0.0.0 is unreachable from every host', async () => {
    let connections = 0;
    const server = net.createServer((c) => { connections++; c.destroy(); });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const port = (server.address() as net.AddressInfo).port;
    const linksBefore = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });
    const s = await start(driver);
    try {
      expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).toBe(linksBefore); // no veth in the host's namespace
      const targets = [...hostIpv4Addresses(), '1.1.1.1', '10.0.1.1'];
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

  it('two sessions of the same lab, same addresses, in parallel: each sees only its own web server', async () => {
    const [a, b] = await Promise.all([start(driver), start(driver)]);
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

  it('starts a host without servers on first use; destroy leaves no namespace, veth or process; start-up cost is measured', async () => {
    const t0 = performance.now();
    const plain = await driver.create({ id: newSessionId(), lab: 'plain', limits: TEST_LIMITS, filesDir: null });
    await plain.attach({ cols: 80, rows: 24 });
    const plainMs = performance.now() - t0;
    await plain.destroy();
    const t1 = performance.now();
    const s = await start(driver);
    const networkMs = performance.now() - t1;
    const mine = labNamespaces().filter((n) => n.includes(s.sandbox.id));
    expect(mine).toHaveLength(6); // 2 switches + 4 hosts
    // A host without servers (the router) gets its sandbox only when a check first runs there.
    const routerNs = `/run/netns/${mine.find((n) => n.endsWith('-h-router'))}`;
    expect(pidsInNetns(routerNs)).toEqual([]);
    expect(await s.sh('hostname', 'router')).toBe('router\n');
    expect(pidsInNetns(routerNs).length).toBeGreaterThanOrEqual(2);
    const pids = mine.flatMap((n) => pidsInNetns(`/run/netns/${n}`));
    expect(pids.length).toBeGreaterThanOrEqual(6);
    await s.sandbox.destroy();
    expect(labNamespaces().filter((n) => n.includes(s.sandbox.id))).toEqual([]);
    expect(await survivors(pids)).toEqual([]);
    console.log(`create(): ${plainMs.toFixed(0)} ms without a network (create + attach), ${networkMs.toFixed(0)} ms with 4 hosts and 2 subnets (create + attach); load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  });

  it('a restarted server sweeps the namespaces and host sandboxes its dead predecessor left', async () => {
    const sweepDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-net-sweep-'));
    const first = await BubblewrapDriver.open({ dataDir: sweepDir, cgroupRoot: '/sys/fs/cgroup', uidBase: UID_BASE + 500, log });
    const s = await start(first);
    const mine = labNamespaces().filter((n) => n.includes(s.sandbox.id));
    const pids = mine.flatMap((n) => pidsInNetns(`/run/netns/${n}`));
    const restarted = await BubblewrapDriver.open({ dataDir: sweepDir, cgroupRoot: '/sys/fs/cgroup', uidBase: UID_BASE + 700, log });
    await restarted.sweep();
    expect(labNamespaces().filter((n) => n.includes(s.sandbox.id))).toEqual([]);
    expect(await survivors(pids)).toEqual([]);
    await s.sandbox.destroy();
    await restarted.close();
    rmSync(sweepDir, { recursive: true, force: true });
  });
});

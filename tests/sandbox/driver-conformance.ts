/**
 * One conformance suite for every sandbox driver (DESIGN.md, "Sandboxes"):
 * isolation, limits, job control, tools, exec into the running sandbox, and
 * cleanup. A driver's test file calls describeDriverConformance with a way to
 * open it; a backend that is absent skips with its reason — except in CI.
 */
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDriver } from '../../server/src/sandbox/driver.js';
import { hostUidOf, startSandbox, survivors, TEST_LIMITS, type HostPidsOf, type LiveSandbox } from './sandbox-harness.js';

export interface DriverUnderTest {
  driver: SandboxDriver;
  /** Where this backend's processes show on the host, to prove none is root and none outlives destroy. */
  hostPids: HostPidsOf;
  /**
   * Host directories that must not show inside. bubblewrap shows the host's
   * /usr and nothing else of it, so all of /var/lib; an image has a /var/lib
   * of its own, so there it is the host's state that must stay out.
   */
  hostOnlyPaths: string[];
  close(): Promise<void>;
}

export function describeDriverConformance(name: string, open: () => Promise<DriverUnderTest | { unavailable: string }>) {
  describe(`sandbox driver conformance: ${name}`, () => {
    let dut: DriverUnderTest | null = null;
    let unavailable: string | null = null;
    const live: LiveSandbox[] = [];

    beforeAll(async () => {
      const opened = await open();
      if ('unavailable' in opened) {
        unavailable = opened.unavailable;
        if (process.env.CI) throw new Error(`driver ${name} must run in CI but is unavailable: ${unavailable}`);
        console.warn(`SKIPPED: driver ${name}: ${unavailable}`);
        return;
      }
      dut = opened;
    });
    afterAll(async () => {
      await Promise.all(live.map((s) => s.destroy()));
      await dut?.close();
    });

    async function start(limits = TEST_LIMITS): Promise<LiveSandbox> {
      const s = await startSandbox(dut!.driver, dut!.hostPids, limits);
      live.push(s);
      return s;
    }
    const test = (title: string, fn: () => Promise<void>, timeout?: number) =>
      it(title, async (ctx) => {
        if (unavailable) ctx.skip();
        await fn();
      }, timeout);

    describe('isolation', () => {
      test('runs as an unprivileged uid with no capabilities and no-new-privs', async () => {
        const s = await start();
        const inside = await s.run('id -u; grep -E "^(CapEff|CapPrm|NoNewPrivs)" /proc/$$/status');
        expect(inside).toMatch(/[\r\n]1000\r?\n/);
        expect(inside).toMatch(/CapEff:\s+0000000000000000/);
        expect(inside).toMatch(/CapPrm:\s+0000000000000000/);
        expect(inside).toMatch(/NoNewPrivs:\s+1/);
        for (const pid of await s.hostPids()) expect(hostUidOf(pid), `host uid of pid ${pid}`).not.toBe(0);
        const viaExec = await s.sandbox.exec(['/bin/sh', '-c', 'id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status'], { timeoutMs: 5000 });
        expect(viaExec.stdout).toMatch(/^1000\n/);
        expect(viaExec.stdout).toMatch(/CapEff:\s+0000000000000000/);
        expect(viaExec.stdout).toMatch(/NoNewPrivs:\s+1/);
      });

      test('sees none of the host\'s processes', async () => {
        const s = await start();
        const r = await s.sandbox.exec(['/bin/sh', '-c', 'ls /proc | grep -c "^[0-9]"; ps -eo pid=,comm='], { timeoutMs: 5000 });
        const count = Number(r.stdout.split('\n')[0]);
        expect(count).toBeLessThan(10);
        expect(r.stdout).not.toMatch(/\bnode\b/);
        expect(r.stdout).not.toContain(String(process.pid));
      });

      test('cannot read the server\'s files, the host\'s secrets or its home', async () => {
        const s = await start();
        const r = await s.sandbox.exec(['/bin/sh', '-c', [
          `test -e ${process.cwd()}/package.json && echo SEES-REPO`,
          'test -r /etc/shadow && echo SEES-SHADOW',
          'ls /root >/dev/null 2>&1 && echo SEES-ROOT',
          ...dut!.hostOnlyPaths.map((p) => `test -e ${p} && echo SEES-${p}`),
          'touch /usr/bin/x 2>/dev/null && echo WRITES-USR',
          'touch /etc/x 2>/dev/null && echo WRITES-ETC',
          'echo checked',
        ].join('; ')], { timeoutMs: 5000 });
        expect(r.stdout.trim()).toBe('checked');
      });

      test('has no route to the server\'s port or anywhere outside; loopback works inside', async () => {
        const listener = net.createServer((c) => c.end('LEAK\n'));
        await new Promise<void>((r) => listener.listen(0, '0.0.0.0', r));
        const port = (listener.address() as net.AddressInfo).port;
        const hostIps = Object.values(os.networkInterfaces()).flat()
          .filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address);
        try {
          const s = await start();
          const targets = ['127.0.0.1', ...hostIps];
          const script = targets.map((ip) => `timeout 3 bash -c 'exec 3<>/dev/tcp/${ip}/${port} && cat <&3' 2>/dev/null && echo REACHED-${ip}`).join('; ');
          const r = await s.sandbox.exec(['/bin/sh', '-c', `${script}; ip -4 route | wc -l; echo done`], { timeoutMs: 15_000 });
          expect(r.stdout).not.toContain('REACHED');
          expect(r.stdout).not.toContain('LEAK');
          expect(r.stdout).toMatch(/^0\ndone\n$/);
          const lo = await s.run('python3 -c "import socket; a=socket.socket(); a.bind((\'127.0.0.1\', 0)); a.listen(); b=socket.create_connection(a.getsockname()); print(\'loopback\', \'ok\')"');
          expect(lo).toContain('loopback ok');
        } finally {
          listener.close();
        }
      });

      // node-pty's masters lack FD_CLOEXEC: unsealed, B's shell held A's
      // /dev/ptmx and could read and type into A's terminal.
      test('inherits no descriptor of the server or of another sandbox', async () => {
        const a = await start();
        const b = await start();
        for (const s of [a, b]) {
          const shell = await s.run('ls /proc/$$/fd > /tmp/shell-fds; echo FDS $(cat /tmp/shell-fds) END');
          const fds = /FDS ([\d ]+) END/.exec(shell)?.[1]?.trim().split(' ').map(Number);
          // The terminal on 0–2; bash keeps a copy of it on 255.
          expect(fds?.filter((fd) => fd > 2 && fd !== 255), `shell fds: ${shell}`).toEqual([]);
          // What a command run by exec inherits, seen in a process that opens
          // nothing itself (the sh would show its own pipes and saved fds).
          const viaExec = await s.sandbox.exec(['/bin/sh', '-c', 'sleep 5 & sleep 0.2; ls /proc/$!/fd | tr "\\n" " "; kill $!'], { timeoutMs: 5000 });
          expect(viaExec.stdout.trim()).toBe('0 1 2');
        }
      });

      test('cannot make nested user namespaces (no capabilities to be had, even over a new namespace)', async () => {
        const s = await start();
        const r = await s.sandbox.exec(['/bin/sh', '-c', 'unshare -Ur id 2>&1; echo rc=$?'], { timeoutMs: 5000 });
        expect(r.stdout).toMatch(/unshare failed/);
        expect(r.stdout).toMatch(/rc=1/);
        expect(r.stdout).not.toMatch(/uid=0/);
      });

      test('two sandboxes cannot see each other\'s processes, files or IPC objects', async () => {
        const a = await start();
        const b = await start();
        // Wait until the background child has exec'd sleep: on a loaded machine it can still be a bash fork when run() returns.
        await a.run('sleep 777 & until [ "$(cat /proc/$!/comm)" = sleep ]; do sleep 0.01; done; echo secret > /dev/shm/a-secret; echo hi > /tmp/a-file; ipcmk -Q >/dev/null');
        const r = await b.sandbox.exec(['/bin/sh', '-c', 'pgrep -x sleep; ls /dev/shm /tmp; ipcs -q | grep -c 0x'], { timeoutMs: 5000 });
        expect(r.stdout).not.toContain('a-secret');
        expect(r.stdout).not.toContain('a-file');
        expect(r.stdout.trim().split('\n').pop()).toBe('0');
        const own = await a.sandbox.exec(['/bin/sh', '-c', 'pgrep -x sleep >/dev/null && echo has-sleep; ipcs -q | grep -c 0x'], { timeoutMs: 5000 });
        expect(own.stdout).toContain('has-sleep');
        expect(own.stdout.trim().split('\n').pop()).toBe('1');
      });
    });

    describe('limits', () => {
      test('a fork bomb is contained by the process limit and the host stays responsive', async () => {
        const s = await start();
        const bystander = await start();
        s.type(':(){ :|:& };:\r');
        await new Promise((r) => setTimeout(r, 2000));
        const stats = await s.sandbox.stats();
        if (stats.pids !== null) expect(stats.pids).toBeLessThanOrEqual(TEST_LIMITS.pids);
        const t0 = performance.now();
        const echo = await bystander.run('echo bystander-ok');
        const echoMs = performance.now() - t0;
        console.log(`fork bomb: sandbox pids ${stats.pids}, bystander echo ${echoMs.toFixed(1)} ms`);
        expect(echo).toContain('bystander-ok');
        const pids = await s.hostPids();
        await s.destroy();
        expect(await survivors(pids)).toEqual([]);
      }, 60_000);

      test('memory beyond the limit kills the hog inside, not the shell or the host', async () => {
        const s = await start();
        const out = await s.run('python3 -c "b = bytearray(768 * 1024 * 1024); print(len(b))"; echo status=$?', 30_000);
        expect(out).toMatch(/status=(137|1)\b/);
        expect(out).not.toMatch(/\n805306368\r?\n/);
        expect(await s.run('echo shell-alive')).toContain('shell-alive');
      }, 60_000);

      test('the home directory is size-capped: writing past it fails with ENOSPC', async () => {
        const s = await start();
        const out = await s.run('dd if=/dev/zero of=~/big bs=1M count=200 2>&1 | grep -o "No space left on device"; rm -f ~/big');
        expect(out).toMatch(/No space left on device/);
      }, 30_000);
    });

    describe('shell and tools', () => {
      test('Ctrl-C interrupts the foreground job only ($? 130) and job control works', async () => {
        const s = await start();
        const pid = (await s.run('echo pid=$$')).match(/pid=(\d+)/)![1];
        const from = s.output().length;
        s.type('sleep 30\r');
        await new Promise((r) => setTimeout(r, 300));
        s.type('\x03');
        await s.waitFor(/\^C/, 5000, from);
        const after = await s.run('echo status=$? pid=$$');
        expect(after).toContain('status=130');
        expect(after).toContain(`pid=${pid}`);
        s.type('sleep 50\r');
        await new Promise((r) => setTimeout(r, 300));
        s.type('\x1a');
        await s.waitFor(/Stopped\s+sleep 50/, 5000, from);
        expect(await s.run('bg >/dev/null; jobs')).toMatch(/Running\s+sleep 50 &/);
        expect(await s.run('kill %1; wait; jobs | wc -l')).toMatch(/[\r\n]0\r?\n/);
      });

      test('strace, gdb and setarch -R work inside', async () => {
        const s = await start();
        const r = await s.sandbox.exec(['/bin/sh', '-c', [
          'strace -f -e trace=execve -o /tmp/trace true && grep -c execve /tmp/trace',
          'gdb -batch -ex run --args /bin/true 2>&1 | grep -c "exited normally"',
          'setarch -R sh -c "cat /proc/self/personality"',
        ].join(' && ')], { timeoutMs: 30_000 });
        expect(r.exitCode, r.stderr).toBe(0);
        const [traced, gdb, personality] = r.stdout.trim().split('\n');
        expect(Number(traced)).toBeGreaterThanOrEqual(1);
        expect(gdb).toBe('1');
        expect(personality).toBe('00040000'); // ADDR_NO_RANDOMIZE
      });

      test('ptrace reaches only the sandbox\'s own processes', async () => {
        const s = await start();
        // The host's processes do not exist in here, so there is nothing to attach to.
        const r = await s.sandbox.exec(['/bin/sh', '-c', `timeout 3 strace -p ${process.pid} -o /dev/null 2>&1 | head -1`], { timeoutMs: 10_000 });
        expect(r.stdout).toMatch(/No such process|Operation not permitted/);
        // Its own processes it can trace.
        const own = await s.sandbox.exec(['/bin/sh', '-c', 'sleep 5 & timeout 1 strace -p $! -o /tmp/t; grep -c . /tmp/t >/dev/null && echo attached'], { timeoutMs: 10_000 });
        expect(own.stdout).toContain('attached');
      });
    });

    describe('exec', () => {
      test('runs in the same namespaces as the shell and sees its processes and files', async () => {
        const s = await start();
        await s.run('sleep 1234 & echo from-shell > ~/note');
        const r = await s.sandbox.exec(['/bin/sh', '-c', 'pgrep -f "sleep 1234" >/dev/null && echo sees-sleep; cat ~/note; pwd'], { timeoutMs: 5000 });
        expect(r.stdout).toBe('sees-sleep\nfrom-shell\n/home/learner\n');
        expect(s.output()).not.toContain('sees-sleep');
      });

      test('times out a hanging command and bounds its output', async () => {
        const s = await start();
        const t0 = performance.now();
        const hung = await s.sandbox.exec(['sleep', '30'], { timeoutMs: 300 });
        expect(hung.timedOut).toBe(true);
        expect(performance.now() - t0).toBeLessThan(5000);
        const chatty = await s.sandbox.exec(['/bin/sh', '-c', 'head -c 5000000 /dev/zero'], { timeoutMs: 10_000, maxOutputBytes: 1000 });
        expect(chatty.truncated).toBe(true);
        expect(chatty.stdout.length).toBe(1000);
      });

      test('provides a private /dev/shm, a POSIX mqueue filesystem and System V IPC', async () => {
        const s = await start();
        const r = await s.sandbox.exec(['/bin/sh', '-c',
          'echo x > /dev/shm/obj && ls /dev/shm; mount | grep -c mqueue; ipcmk -M 4096 >/dev/null && ipcs -m | grep -c 0x'], { timeoutMs: 5000 });
        expect(r.stdout.split('\n').slice(0, 3)).toEqual(['obj', '1', '1']);
      });
    });

    describe('cleanup', () => {
      test('destroy leaves no process behind and is idempotent', async () => {
        const s = await start();
        await s.run('sleep 999 & (setsid sleep 998 &); nohup sleep 997 >/dev/null 2>&1 & true');
        const pids = await s.hostPids();
        expect(pids.length).toBeGreaterThanOrEqual(5);
        await s.destroy();
        await s.sandbox.destroy();
        expect(await survivors(pids)).toEqual([]);
        await expect(s.sandbox.exec(['true'], { timeoutMs: 1000 })).rejects.toThrow(/not running/);
      });
    });
  });
}

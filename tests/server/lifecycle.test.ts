/**
 * The server process's lifecycle with real sandboxes: SIGTERM ends every
 * sandbox and exits 0; after kill -9 the sandboxes die with the server, and
 * the next start removes everything the dead one left.
 */
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendants, survivors } from '../sandbox/sandbox-harness.js';
import { createSession, REPO, startServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { sandboxCgroupDirs } from '../support/cgroup-dirs.js';


describe('server lifecycle', () => {
  it('SIGTERM tells clients, destroys every sandbox and exits 0', async () => {
    const server = await startServer();
    const a = await createSession(server);
    const b = await createSession(server);
    const term = await TerminalClient.connect(server.url, a.id, { token: a.token });
    await term.waitForMessage('hello');
    const sandboxPids = descendants(server.pid).filter((p) => p !== server.pid);
    expect(sandboxCgroupDirs(a.id).length).toBeGreaterThan(0);
    const code = await server.stop();
    expect(code).toBe(0);
    expect(await term.waitForMessage('shutdown')).toBeDefined();
    expect(await term.waitClosed()).toBe(1001);
    expect(await survivors(sandboxPids)).toEqual([]);
    expect(sandboxCgroupDirs(a.id)).toEqual([]);
    expect(sandboxCgroupDirs(b.id)).toEqual([]);
  });

  it('kill -9 mid-session: the sandboxes die with it, and a restart leaves no cgroup or runtime directory', async () => {
    const first = await startServer();
    const { id, token } = await createSession(first);
    const term = await TerminalClient.connect(first.url, id, { token });
    await term.run('sleep 900 & (setsid sleep 901 &); echo started');
    const sandboxPids = descendants(first.pid).filter((p) => p !== first.pid);
    expect(sandboxPids.length).toBeGreaterThanOrEqual(4);
    await first.kill9();
    // --die-with-parent: the kernel kills the sandbox when the server dies.
    expect(await survivors(sandboxPids)).toEqual([]);
    expect(sandboxCgroupDirs(id).length).toBeGreaterThan(0);
    const second = await startServer({ dataDir: first.dataDir });
    try {
      expect(sandboxCgroupDirs(id)).toEqual([]);
      const swept = second.logs.find((l) => l.msg === 'removed sandboxes left by a previous server');
      expect(swept?.ids).toEqual([id]);
      const fresh = await createSession(second);
      const t2 = await TerminalClient.connect(second.url, fresh.id, { token: fresh.token });
      expect(await t2.run('echo after-restart')).toContain('after-restart');
      t2.close();
    } finally {
      await second.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('npm start serves on $PORT and $HOST, ready within seconds, with no build step at start', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: REPO,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SYSLAB_DATA_DIR: `/tmp/syslab-npm-start-${process.pid}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm does not pass SIGTERM on to the server it started.
      detached: true,
    });
    const started = performance.now();
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error(`not listening after 20 s: ${buf}`)), 20_000);
        child.stdout!.on('data', (b: Buffer) => {
          buf += b.toString();
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(buf);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const readyMs = performance.now() - started;
      console.log(`npm start: listening after ${readyMs.toFixed(0)} ms`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
    } finally {
      // npm and the server it started, as a terminal's Ctrl-C or a service manager would.
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.on('exit', r));
      expect(await groupGone(child.pid!, 10_000), 'the server npm started is still running').toBe(true);
      rmSync(`/tmp/syslab-npm-start-${process.pid}`, { recursive: true, force: true });
    }
  });
});

/** Whether every process of the group has exited within the time. */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

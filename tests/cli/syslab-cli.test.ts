/**
 * The `syslab` command as a user runs it: help and flags from the schema,
 * `sessions list/kill` against a real running server through its admin
 * socket, `doctor` on this host (a real sandbox) and with a driver that
 * cannot work, and the built bin file.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../common/src/protocol.js';
import { settings } from '../../server/src/config.js';
import { createSession, REPO, startServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI from source (as tests/support/server.ts runs the server), with a clean environment. */
function syslab(args: string[], env: Record<string, string> = {}, cwd = REPO): Promise<Run> {
  const tsx = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/esm/index.mjs')).href;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, path.join(REPO, 'server/src/cli/syslab.ts'), ...args], {
      cwd, timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('syslab help and flags', () => {
  it('--help lists the commands and every setting with its flag, variable and default', async () => {
    const r = await syslab(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['serve', 'sessions list', 'sessions kill', 'labs check', 'doctor']) expect(r.stdout).toContain(command);
    for (const [key, [, description]] of Object.entries(settings)) {
      expect(r.stdout).toContain(`SYSLAB_${key}`);
      expect(r.stdout).toContain(description);
    }
    expect(r.stdout).toContain('--port <n>\n      SYSLAB_PORT (or PORT), default 3000');
  });

  it('serve --help lists every setting; a mistyped flag stops with the near miss and exit 2', async () => {
    const help = await syslab(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: syslab serve \[flags\]/);
    expect(help.stdout).toContain('--data-dir <text>\n      SYSLAB_DATA_DIR, default ./data');
    const typo = await syslab(['serve', '--hots', '0.0.0.0']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --hots (did you mean --host?)');
    const bad = await syslab(['serve', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SYSLAB_PORT (--port)');
  });

  it('an unknown command is a usage error', async () => {
    const r = await syslab(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

describe('syslab sessions, against a running server', () => {
  it('tells the warm sandboxes waiting for a session apart from the sessions', async () => {
    const server = await startServer({ env: { SYSLAB_WARM_SANDBOXES: '1', SYSLAB_WARM_LABS: '1' } });
    try {
      const deadline = Date.now() + 15_000;
      while (!/syslab_warm_sandboxes\{lab="hello"\} 1/.test(await (await fetch(`${server.url}/metrics`)).text()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const list = await syslab(['sessions', 'list', '--data-dir', server.dataDir]);
      expect(list.code).toBe(0);
      expect(list.stdout).toBe('no sessions running\nwarm sandboxes waiting for a session (no learner has them): hello 1\n');
      const json = await syslab(['sessions', 'list', '--json', '--data-dir', server.dataDir]);
      expect(JSON.parse(json.stdout)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('lists the running sessions and kills one (its terminal is told and closed)', async () => {
    const server = await startServer();
    try {
      const socket = path.join(server.dataDir, 'admin.sock');
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
      const a = await createSession(server);
      const b = await createSession(server);
      const term = await TerminalClient.connect(server.url, a.id, { token: a.token });
      await term.waitForMessage('hello');

      const list = await syslab(['sessions', 'list', '--data-dir', server.dataDir]);
      expect(list.code).toBe(0);
      expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+LAB\s+AGE\s+IDLE\s+SOCKETS\s+CLIENT\s+STATE$/);
      expect(list.stdout).toMatch(new RegExp(`^${a.id}\\s+hello\\s+\\d+s\\s+\\d+s\\s+1\\s+\\S+\\s+attached$`, 'm'));
      expect(list.stdout).toMatch(new RegExp(`^${b.id}\\s+hello .* detached$`, 'm'));
      // Nothing secret crosses the admin socket.
      expect(list.stdout).not.toContain(a.token);

      const json = await syslab(['sessions', 'list', '--json'], { SYSLAB_DATA_DIR: server.dataDir });
      const sessions = JSON.parse(json.stdout) as Array<{ id: string; sockets: number; lab: string }>;
      expect(sessions.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(JSON.stringify(sessions)).not.toMatch(/token|hash/i);

      const kill = await syslab(['sessions', 'kill', a.id, '--data-dir', server.dataDir]);
      expect(kill.code).toBe(0);
      expect(kill.stdout).toBe(`ended ${a.id}\n`);
      expect(await term.waitClosed()).toBe(CloseCode.SESSION_ENDED);
      expect((await fetch(`${server.url}/api/sessions/${a.id}`, { headers: { authorization: `Bearer ${a.token}` } })).status).toBe(404);
      expect(server.logs.some((l) => l.msg === 'session killed by an administrator' && l.session === a.id)).toBe(true);

      const again = await syslab(['sessions', 'kill', a.id, '--data-dir', server.dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`no running session ${a.id}`);
      const after = await syslab(['sessions', 'list', '--json', '--data-dir', server.dataDir]);
      expect((JSON.parse(after.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual([b.id]);
    } finally {
      await server.stop();
    }
  });

  it('says plainly when no server runs with that data directory', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'syslab-nosrv-'));
    try {
      const r = await syslab(['sessions', 'list', '--data-dir', empty]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`no syslab server is running with the data directory ${empty}`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a second server on the same data directory refuses to start (it would sweep the first one\'s sandboxes)', async () => {
    const first = await startServer();
    try {
      const { id, token } = await createSession(first);
      await expect(startServer({ dataDir: first.dataDir })).rejects.toThrow(/exited with 1 before listening/);
      const term = await TerminalClient.connect(first.url, id, { token });
      expect(await term.run('echo still-here')).toContain('still-here');
      term.close();
    } finally {
      await first.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});

describe('syslab doctor', () => {
  it('on this host, from any directory: starts a real sandbox and says the driver works (exit 0)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-doctor-test-'));
    try {
      const r = await syslab(['doctor', '--data-dir', dataDir], {}, os.tmpdir());
      console.log(r.stdout);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/✓ a bubblewrap sandbox started \(shell prompt in \d+ ms\), ran a command as the unprivileged learner \(uid \d+ inside\), and was removed/);
      expect(r.stdout).toMatch(/✓ cgroups v[12] at \/sys\/fs\/cgroup, writable/);
      expect(r.stdout).toContain('✓ the bubblewrap driver works here');
      // Run from elsewhere, it still uses the installation's labs (as npm start does).
      expect(r.stdout).toMatch(new RegExp(`✓ \\d+ labs in ${path.join(REPO, 'labs')}\n`));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with a driver that cannot work here: says what is missing, how to fix it, and exits 1', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-doctor-test-'));
    try {
      const r = await syslab(['doctor', '--driver', 'docker', '--docker-socket', '/nonexistent/docker.sock', '--data-dir', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('✗ no Docker engine socket at /nonexistent/docker.sock');
      expect(r.stdout).toContain('fix: apt-get install docker.io and start dockerd');
      expect(r.stdout).toMatch(/✗ \d+ problems? stops? the docker driver from working here/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('syslab labs', () => {
  it('check runs a lab\'s content test in real sandboxes, from any directory', async () => {
    const r = await syslab(['labs', 'check', 'hello'], {}, os.tmpdir());
    expect(r.stdout).toContain('✓ hello passes');
    expect(r.code).toBe(0);
    const missing = await syslab(['labs', 'check', 'no-such-lab'], {}, os.tmpdir());
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('no-such-lab');
  });
});

describe('the syslab bin', () => {
  it('package.json names a built, executable file with a shebang that runs', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    const bin = path.join(REPO, pkg.bin.syslab!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(bin, constants.X_OK);
    const r = await new Promise<Run>((resolve) => {
      execFile(bin, ['--version'], { cwd: os.tmpdir() }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout: String(stdout), stderr: String(stderr) }));
    });
    expect(r).toEqual({ code: 0, stdout: `syslab ${pkg.version}\n`, stderr: '' });
  });
});

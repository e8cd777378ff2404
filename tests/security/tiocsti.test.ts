/**
 * SECURITY.md #9, keystroke injection: a program in the sandbox pushes a
 * command into terminal input with TIOCSTI, on its own terminal, on
 * /dev/tty, on every terminal device it can see, and after setsid (no
 * controlling terminal). Whatever the kernel allows, nothing outside the
 * learner's own sandbox receives it: no host process reads the learner's
 * pty, the host and the other learner see no command run.
 *
 * Kernels ≥ 6.2 can turn TIOCSTI off (dev.tty.legacy_tiocsti=0); then every
 * push is refused. With it on, a push into the learner's own terminal lands
 * in the learner's own shell, which is the learner typing to themselves.
 */
import { existsSync, readdirSync, readlinkSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants } from '../sandbox/sandbox-harness.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { comm, PROMPT, sandboxProcesses, sleep } from './security-support.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Runs in the sandbox: push `touch /tmp/<marker>-<where>` with TIOCSTI everywhere it can; print what happened. */
const INJECTOR = `
import errno, fcntl, json, os, sys, termios
marker = sys.argv[1]
def push(fd, where):
    try:
        for b in ('touch /tmp/%s-%s\\n' % (marker, where)).encode():
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([b]))
        return 'pushed'
    except OSError as e:
        return 'refused ' + errno.errorcode.get(e.errno, str(e.errno))
results = {'own-tty': push(0, 'own')}
try:
    results['dev-tty'] = push(os.open('/dev/tty', os.O_RDWR), 'devtty')
except OSError as e:
    results['dev-tty'] = 'no open ' + errno.errorcode.get(e.errno, str(e.errno))
others = ['/dev/console'] + ['/dev/pts/' + n for n in os.listdir('/dev/pts') if n != 'ptmx']
for path in others:
    try:
        results[path] = push(os.open(path, os.O_RDWR | os.O_NOCTTY), 'other')
    except OSError as e:
        results[path] = 'no open ' + errno.errorcode.get(e.errno, str(e.errno))
r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    os.write(w, push(0, 'setsid').encode())
    os._exit(0)
os.wait()
results['after-setsid'] = os.read(r, 100).decode()
results['pts-devices'] = sorted(os.listdir('/dev/pts'))
print('RESULTS ' + json.dumps(results))
`;

async function shell(): Promise<TerminalClient> {
  const { id, token } = await createSession(server);
  const term = await TerminalClient.connect(server.url, id, { token });
  await term.waitFor(PROMPT, 15_000);
  return term;
}

/** pty slave path → host pids holding it open, for every sandbox of this server. */
function ptyHolders(): Map<string, { sandboxRoot: number; holders: number[] }> {
  const bySlave = new Map<string, { sandboxRoot: number; holders: number[] }>();
  for (const pid of sandboxProcesses(server.pid)) {
    if (comm(pid) !== 'bwrap') continue;
    let slave = '';
    try { slave = readlinkSync(`/proc/${pid}/fd/0`); } catch { continue; }
    if (slave.startsWith('/dev/pts/') && !bySlave.has(slave)) bySlave.set(slave, { sandboxRoot: pid, holders: [] });
  }
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[] = [];
    try { fds = readdirSync(`/proc/${p}/fd`); } catch { continue; }
    for (const fd of fds) {
      let target = '';
      try { target = readlinkSync(`/proc/${p}/fd/${fd}`); } catch { continue; }
      const entry = bySlave.get(target);
      if (entry && !entry.holders.includes(Number(p))) entry.holders.push(Number(p));
    }
  }
  return bySlave;
}

describe('keystroke injection with TIOCSTI (SECURITY.md #9)', () => {
  it('nothing outside the learner\'s sandbox receives pushed input: not the host, not the server, not another session', async () => {
    const attacker = await shell();
    const bystander = await shell();
    const marker = `PWNED${Date.now().toString(36)}`;
    const legacy = existsSync('/proc/sys/dev/tty/legacy_tiocsti') ? readFileSync('/proc/sys/dev/tty/legacy_tiocsti', 'utf8').trim() : '(absent: kernel < 6.2)';
    const bystanderFrom = bystander.output.length;

    const out = await attacker.run(`echo ${Buffer.from(INJECTOR).toString('base64')} | base64 -d > /tmp/inject.py; python3 /tmp/inject.py ${marker}`, 20_000);
    const results = JSON.parse(/RESULTS (\{.*\})/.exec(out)?.[1] ?? 'null') as Record<string, string | string[]> | null;
    expect(results, out).not.toBeNull();
    // Whatever was pushed into the learner's own terminal, the learner's own shell now reads and runs.
    await sleep(500);
    const own = await attacker.run(`ls /tmp | grep -c ${marker} || true`);
    const ranInOwnShell = Number(/[\r\n](\d+)\r?\n/.exec(own)?.[1] ?? '-1');
    const pushedOwn = results!['own-tty'] === 'pushed';
    const pushedDevTty = results!['dev-tty'] === 'pushed';
    console.log(`[security #9] dev.tty.legacy_tiocsti=${legacy}; TIOCSTI from inside the sandbox: ${JSON.stringify(results)}; `
      + `commands that ran in the learner's own shell: ${ranInOwnShell}`
      + ` → ${pushedOwn || pushedDevTty ? 'injection lands only in the learner\'s own shell' : 'injection refused by the kernel'}`);

    // Only the learner's own terminal could take a push.
    expect(ranInOwnShell).toBe((pushedOwn ? 1 : 0) + (pushedDevTty ? 1 : 0));
    for (const [where, result] of Object.entries(results!)) {
      if (where === 'own-tty' || where === 'dev-tty' || where === 'pts-devices') continue;
      expect(result, `TIOCSTI via ${where}`).not.toBe('pushed');
    }
    expect(results!['after-setsid']).toMatch(/^refused E(PERM|IO)$/);
    // The sandbox's own devpts: no other session's terminal is even there.
    expect(results!['pts-devices']).toEqual(['ptmx']);

    // Nothing ran on the host, in the server's view, or in the other session.
    expect(readdirSync('/tmp').filter((f) => f.includes(marker))).toEqual([]);
    expect(await bystander.run(`ls /tmp | grep -c ${marker} || true`)).toMatch(/[\r\n]0\r?\n/);
    expect(bystander.output.slice(bystanderFrom)).not.toContain(`touch /tmp/${marker}`);

    // The kernel's side: every host process that holds a learner's pty open is
    // inside that learner's sandbox (bwrap and below). The server holds only
    // the master; nothing outside ever reads the learner's input.
    const holders = ptyHolders();
    expect(holders.size).toBeGreaterThanOrEqual(2);
    for (const [slave, { sandboxRoot, holders: pids }] of holders) {
      const inside = new Set(descendants(sandboxRoot));
      expect(pids.filter((p) => !inside.has(p)), `holders of ${slave} outside sandbox ${sandboxRoot}`).toEqual([]);
      expect(pids).not.toContain(server.pid);
    }
    attacker.close();
    bystander.close();
  });
});

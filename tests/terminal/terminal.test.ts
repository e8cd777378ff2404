/**
 * The terminal stream end to end: real server, real bubblewrap sandbox, real
 * pty, real WebSocket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../common/src/protocol.js';
import { createSession, rssBytes, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

let server: RunningServer;
/** bash's prompt, possibly followed by its bracketed-paste switch. */
const PROMPT = /\$ (\x1b\[\?2004h)?$/;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function openShell(): Promise<{ id: string; token: string; term: TerminalClient }> {
  const { id, token } = await createSession(server);
  const term = await TerminalClient.connect(server.url, id, { token });
  await term.waitFor(PROMPT, 15_000);
  return { id, token, term };
}

describe('terminal', () => {
  it('echoes a command round trip through pty and shell', async () => {
    const { term } = await openShell();
    const hello = await term.waitForMessage('hello');
    expect(hello).toMatchObject({ role: 'owner', cols: 80, rows: 24 });
    const out = await term.run('echo $((6*7))');
    expect(out).toMatch(/[\r\n]42\r\n/);
    term.close();
  });

  it('resizes the pty: stty size reports the new size', async () => {
    const { term } = await openShell();
    term.control({ type: 'resize', cols: 123, rows: 45 });
    const out = await term.run('stty size');
    expect(out).toMatch(/[\r\n]45 123\r\n/);
    term.close();
  });

  it('Ctrl-C interrupts only the foreground job: sleep dies, the shell lives, $? is 130', async () => {
    const { term } = await openShell();
    const before = await term.run('echo pid=$$');
    const pid = /pid=(\d+)/.exec(before)![1];
    const from = term.output.length;
    term.type('sleep 30\r');
    await new Promise((r) => setTimeout(r, 300));
    term.type('\x03');
    await term.waitFor(/\^C/, 5000, from);
    const after = await term.run('echo status=$? pid=$$');
    expect(after).toContain('status=130');
    expect(after).toContain(`pid=${pid}`);
    term.close();
  });

  it('keeps job control: Ctrl-Z stops, jobs lists, bg resumes, kill %1 ends', async () => {
    const { term } = await openShell();
    const from = term.output.length;
    term.type('sleep 40\r');
    await new Promise((r) => setTimeout(r, 300));
    term.type('\x1a');
    await term.waitFor(/Stopped\s+sleep 40/, 5000, from);
    const listed = await term.run('jobs -l');
    expect(listed).toMatch(/Stopped\s+sleep 40/);
    const resumed = await term.run('bg %1 >/dev/null; jobs');
    expect(resumed).toMatch(/Running\s+sleep 40 &/);
    const killed = await term.run('kill %1; wait %1; echo exit=$?');
    expect(killed).toContain('exit=143');
    term.close();
  });

  it('reconnect replays the screen and resumes the same shell', async () => {
    const { id, token, term } = await openShell();
    const first = await term.run('echo marker-$((1000+234)) pid=$$');
    const pid = /pid=(\d+)/.exec(first)![1];
    term.close();
    await term.waitClosed();
    const again = await TerminalClient.connect(server.url, id, { token });
    await again.waitFor('marker-1234');
    const second = await again.run('echo pid=$$');
    expect(second).toContain(`pid=${pid}`);
    again.close();
  });

  it('after a flood, a reconnect replays the flood\'s last lines and the prompt after it', async () => {
    const { id, token, term } = await openShell();
    // ~2.7 MB without a pause: the mirror keeps only its tail, parsed once output is quiet.
    term.type('seq 1 400000; echo flood""-done\r');
    await term.waitFor(/flood-done\r\n[^]*\$ /, 60_000);
    term.close();
    await term.waitClosed();
    const again = await TerminalClient.connect(server.url, id, { token });
    await again.waitFor(/399999\r\n400000\r\nflood-done\r\n[^]*\$ /);
    expect(again.chunks[0]!.toString()).not.toMatch(/\b1000\r\n/);
    expect(await again.run('echo still-$((6*7))')).toContain('still-42');
    again.close();
  });

  it('a watcher joining in the middle of a flood gets a screen of what is printing now, not of the flood\'s start', async () => {
    const { id, token, term } = await openShell();
    term.type('seq 1 100000000\r');
    // Well past the first 128 KB (numbers up to ~22,000), which the mirror thread parses in full.
    await term.waitFor(/\n2\d{5}\r\n/, 30_000);
    const watcher = await TerminalClient.connect(server.url, id, { token, watch: true });
    await watcher.waitForMessage('hello');
    const replayDeadline = Date.now() + 10_000;
    while (watcher.chunks.length === 0 && Date.now() < replayDeadline) await new Promise((r) => setTimeout(r, 10));
    const numbers = (watcher.chunks[0]?.toString() ?? '').match(/^\d+$/gm)?.map(Number) ?? [];
    expect(numbers.length).toBeGreaterThan(0);
    expect(Math.max(...numbers)).toBeGreaterThan(200_000);
    term.type('\x03');
    expect(await term.run('echo after-$((2*21))', 20_000)).toContain('after-42');
    watcher.close();
    term.close();
  });

  it('passes bytes through unchanged, invalid UTF-8 included', async () => {
    const { term } = await openShell();
    const start = term.chunks.length;
    await term.run("printf 'A\\377\\376B\\n'");
    const raw = Buffer.concat(term.chunks.slice(start));
    expect(raw.includes(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).toBe(true);
    term.close();
  });

  it('lets several sockets watch, but only the owner types', async () => {
    const { id, token, term } = await openShell();
    const watcher = await TerminalClient.connect(server.url, id, { token, watch: true });
    expect(await watcher.waitForMessage('hello')).toMatchObject({ role: 'watcher' });
    watcher.type('echo from-watcher-$((2+2))\r');
    await term.run('echo from-owner-$((3+3))');
    await watcher.waitFor('from-owner-6');
    expect(term.output).not.toContain('from-watcher-4');
    expect(watcher.output).not.toContain('from-watcher-4');
    watcher.control({ type: 'resize', cols: 50, rows: 10 });
    const err = await watcher.waitForMessage('error');
    expect(err.code).toBe('read_only');
    watcher.close();
    term.close();
  });

  it('answers malformed control messages with an error and keeps the session', async () => {
    const { term } = await openShell();
    term.control('{not json');
    term.control({ type: 'resize', cols: -5, rows: 10 });
    term.control({ type: 'resize', cols: 1e9, rows: 10 });
    term.control({ type: 'launch-missiles' });
    term.control({ type: 'ack', bytes: 'many' });
    const out = await term.run('echo still-$((40+2))');
    expect(out).toContain('still-42');
    const errors = term.messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(5);
    expect(errors.map((e) => (e as { message: string }).message).join('\n')).toMatch(/cols/);
    term.close();
  });

  it('closes a socket that keeps sending malformed control messages (4400)', async () => {
    const { term } = await openShell();
    for (let i = 0; i < 12; i++) term.control('nonsense');
    expect(await term.waitClosed()).toBe(CloseCode.BAD_MESSAGE);
  });

  it('closes a frame over the size limit with 1009 and the session survives', async () => {
    const { id, token, term } = await openShell();
    term.type(Buffer.alloc(2 * 1024 * 1024, 0x61));
    expect(await term.waitClosed()).toBe(1009);
    const again = await TerminalClient.connect(server.url, id, { token });
    expect(await again.run('echo alive')).toContain('alive');
    again.close();
  });

  it('a 50 MB paste into a program that does not read stays bounded in server memory; other sessions keep working', async () => {
    const { term } = await openShell();
    term.type('sleep 600\r');
    await new Promise((r) => setTimeout(r, 300));
    const baseline = rssBytes(server.pid);
    const frame = Buffer.alloc(512 * 1024, 0x61);
    for (let i = 0; i < 100; i++) term.type(frame);
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, rssBytes(server.pid));
    }
    const growth = peak - baseline;
    console.log(`paste: server RSS baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, peak ${(peak / 2 ** 20).toFixed(1)} MiB, growth ${(growth / 2 ** 20).toFixed(1)} MiB; client still holds ${(term.ws.bufferedAmount / 2 ** 20).toFixed(1)} MiB unsent`);
    expect(growth).toBeLessThan(64 * 1024 * 1024);
    // TCP pushed back: most of the paste is still waiting on the client side.
    expect(term.ws.bufferedAmount).toBeGreaterThan(10 * 1024 * 1024);
    const other = await openShell();
    expect(await other.term.run('echo other-$((7*6))')).toContain('other-42');
    other.term.close();
    term.ws.terminate();
  });

  it('holds server memory flat under a 50 MB flood to a client that stops reading; Ctrl-C still lands', async () => {
    const { term } = await openShell();
    const baseline = rssBytes(server.pid);
    // The client stops reading: pause its socket so nothing is acked and TCP backs up.
    term.type('head -c 50000000 /dev/zero | tr "\\0" x\r');
    await new Promise((r) => setTimeout(r, 200));
    term.ws.pause();
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, rssBytes(server.pid));
    }
    const growth = peak - baseline;
    console.log(`flood: server RSS baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, peak ${(peak / 2 ** 20).toFixed(1)} MiB, growth ${(growth / 2 ** 20).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(64 * 1024 * 1024);
    term.type('\x03');
    term.ws.resume();
    const out = await term.run('echo after-flood-$((5*5))', 20_000);
    expect(out).toContain('after-flood-25');
    term.close();
  });
});

/**
 * SECURITY.md #4, slow and vanishing clients (the giant paste, the frame over
 * the limit and the owner that stops reading are in
 * tests/terminal/terminal.test.ts): a watcher that stops acknowledging is
 * dropped (4408) and never slows the learner; a client whose connection
 * just disappears (no close frame) is detached at once and the session
 * goes on; a half-open connection (the peer is gone without a FIN, so the
 * server's socket stays open and no pong ever comes back) is dropped by the
 * ping (terminal-socket.ts), here set to 1 s instead of the default 30 s.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../common/src/protocol.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { ms, PROMPT, sleep } from './security-support.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { SYSLAB_PING_SECONDS: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

async function sockets(id: string, token: string): Promise<number> {
  const res = await fetch(`${server.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { sockets: number }).sockets;
}

describe('slow and vanishing clients (SECURITY.md #4)', () => {
  it('a watcher that stops acknowledging is dropped with 4408; the owner\'s output never waits for it', async () => {
    const { id, token } = await createSession(server);
    const owner = await TerminalClient.connect(server.url, id, { token });
    await owner.waitFor(PROMPT, 15_000);
    const watcher = await TerminalClient.connect(server.url, id, { token, watch: true, noAck: true });
    await watcher.waitForMessage('hello');
    const t0 = performance.now();
    const from = owner.output.length;
    owner.type('head -c 4000000 /dev/zero | tr "\\0" x; echo; echo END-$((6*7))\r');
    expect(await watcher.waitClosed(10_000)).toBe(CloseCode.TOO_SLOW);
    await owner.waitFor('END-42', 20_000, from);
    console.log(`[security #4] watcher dropped after ${(watcher.received / 1024).toFixed(0)} KiB unacknowledged; owner got 4 MB in ${ms(performance.now() - t0)}`);
    expect(owner.closeCode).toBeNull();
    owner.close();
  });

  it('a client whose connection vanishes (no close frame) is detached at once; the session and its shell go on', async () => {
    const { id, token } = await createSession(server);
    const first = await TerminalClient.connect(server.url, id, { token });
    const pid = /pid=(\d+)/.exec(await first.run('echo pid=$$'))![1];
    expect(await sockets(id, token)).toBe(1);
    first.ws.terminate(); // the TCP connection is destroyed, as when a laptop lid closes on a dead network
    for (let i = 0; i < 100 && await sockets(id, token) !== 0; i++) await sleep(20);
    expect(await sockets(id, token)).toBe(0);
    const again = await TerminalClient.connect(server.url, id, { token });
    expect(await again.run('echo pid=$$')).toContain(`pid=${pid}`);
    again.close();
  });

  it('a half-open connection that never answers a ping is dropped within two ping intervals; the session goes on', async () => {
    const { id, token } = await createSession(server);
    // A bare TCP client that completes the WebSocket handshake and then goes
    // silent: it never reads, so it never answers the server's pings, like a
    // peer whose network vanished without a FIN or RST.
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write([
      `GET /api/sessions/${id}/terminal HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: Upgrade', 'Upgrade: websocket',
      'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Authorization: Bearer ${token}`, '', '',
    ].join('\r\n'));
    const status = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString('latin1').split('\r\n')[0]!)));
    expect(status).toContain('101');
    socket.pause();
    expect(await sockets(id, token)).toBe(1);
    const t0 = performance.now();
    let n = await sockets(id, token);
    while (n !== 0 && performance.now() - t0 < 10_000) {
      await sleep(100);
      n = await sockets(id, token);
    }
    console.log(`[security #4] a silent half-open client was dropped after ${ms(performance.now() - t0)} (ping every 1 s)`);
    expect(n).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5_000);
    socket.destroy();
    const again = await TerminalClient.connect(server.url, id, { token });
    expect(await again.run('echo alive-$((20+22))')).toContain('alive-42');
    again.close();
  });
});

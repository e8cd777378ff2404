/**
 * SECURITY.md #13, malformed requests: seeded fuzzing of every JSON body,
 * path parameter and terminal control message, against the real server with
 * real sandboxes. Each gets a clear 4xx (or an error frame / close code) and
 * never a 500 or a hang, and another learner's terminal keeps echoing
 * keystrokes the whole time.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../common/src/protocol.js';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';
import { ms, PROMPT, sleep, summarize } from './security-support.js';

let server: RunningServer;

beforeAll(async () => {
  // The fuzzer's POST /api/sessions must reach the validator, not the rate limit.
  server = await startServer({ env: { SYSLAB_SESSION_CREATE_BURST: '10000', SYSLAB_SESSION_CREATES_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  await server?.stop();
});

/** mulberry32: a small seeded PRNG, so a failure replays exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const WEIRD_NUMBERS = [-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 2 ** 32, 4_194_305, 1e-320, 9_999_999_999];
const WEIRD_STRINGS = ['', ' ', 'x'.repeat(5000), '\u0000', '../../etc/passwd', '<script>alert(1)</script>', '%00', '\ud800', '🙂', 'SIGKILL\n', 'hello\u0000', '__proto__', 'constructor'];
const WEIRD_KEYS = ['__proto__', 'constructor', 'prototype', 'lab', 'answers', 'target', 'signal', 'type', 'cols', 'rows', 'bytes', '', 'x'.repeat(300)];

/** A random JSON value, `depth` levels at most. */
function jsonValue(rng: Rng, depth: number): unknown {
  switch (rng.int(depth > 0 ? 7 : 5)) {
    case 0: return rng.pick(WEIRD_NUMBERS);
    case 1: return rng.pick(WEIRD_STRINGS);
    case 2: return rng.pick([true, false, null]);
    case 3: return rng.int(1000) - 500;
    case 4: return rng.pick(['SIGTERM', 'shell', 'pid', 'resize', 'ack', 'hello-not-a-lab']);
    case 5: return Array.from({ length: rng.int(4) }, () => jsonValue(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) o[rng.pick(WEIRD_KEYS)] = jsonValue(rng, depth - 1);
      return o;
    }
  }
}

/** A body that is JSON of the wrong shape, or not JSON at all. */
function body(rng: Rng): string {
  switch (rng.int(6)) {
    case 0: return JSON.stringify(jsonValue(rng, 3)).slice(0, rng.int(40) + 1); // cut short
    case 1: return Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256))).toString('latin1');
    case 2: return rng.pick(['null', '""', '[]', '{}', '1e999', '-', '{"lab":', '\ufeff{}', '{"a":1,"a":2}', 'true']);
    default: return JSON.stringify(jsonValue(rng, 4)).replace(/"hello"/g, '"not-a-lab"');
  }
}

interface Outcome {
  what: string;
  status: number;
  json: { error?: { code?: unknown; message?: unknown } } | null;
}

async function send(method: string, path: string, options: { token?: string; body?: string; contentType?: string } = {}): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: options.body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: Outcome['json'] = null;
  try { json = JSON.parse(text) as Outcome['json']; } catch { /* not JSON */ }
  return { what: `${method} ${path} ${JSON.stringify(options.body ?? '').slice(0, 80)}`, status: res.status, json };
}

/**
 * The bystander: a learner typing while the fuzzing goes on. A keystroke
 * every 50 ms; each one's echo must come back.
 */
function keepTyping(term: TerminalClient) {
  let stop = false;
  const samples: number[] = [];
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const key = String.fromCharCode(97 + (i % 26));
      const from = term.output.length;
      const t0 = performance.now();
      term.type(key);
      await term.waitFor(key, 5000, from);
      samples.push(performance.now() - t0);
      if (i % 30 === 29) term.type('\x15');
      await sleep(50);
    }
    term.type('\x15');
  })();
  return { samples, async finish() { stop = true; await done; return summarize(samples); } };
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function expectClear4xx(outcomes: Outcome[]) {
  const bad = outcomes.filter((o) => o.status < 400 || o.status >= 500
    || typeof o.json?.error?.code !== 'string' || typeof o.json.error.message !== 'string' || o.json.error.message.length < 10);
  expect(bad.map((o) => `${o.status} ${o.what} → ${JSON.stringify(o.json)}`)).toEqual([]);
}

describe('malformed requests (SECURITY.md #13)', () => {
  let bystander: TerminalClient;
  let target: { id: string; token: string };

  beforeAll(async () => {
    const b = await createSession(server);
    bystander = await TerminalClient.connect(server.url, b.id, { token: b.token });
    await bystander.waitFor(PROMPT, 15_000);
    target = await createSession(server);
  });
  afterAll(() => bystander?.close());

  it('fuzzed bodies and path parameters on every route get a clear 4xx, never a 500; another session keeps echoing', async () => {
    const typing = keepTyping(bystander);
    const rng = prng(0x5ec0de);
    const { id, token } = target;
    const outcomes: Outcome[] = [];
    const jsonTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined];
    for (let i = 0; i < 120; i++) {
      const contentType = rng.pick(jsonTypes);
      outcomes.push(await send('POST', '/api/sessions', { body: body(rng), contentType }));
      outcomes.push(await send('POST', `/api/sessions/${id}/quiz`, { token, body: body(rng), contentType }));
      outcomes.push(await send('POST', `/api/sessions/${id}/trace`, { token, body: body(rng), contentType }));
      outcomes.push(await send('POST', `/api/sessions/${id}/processes/1/signal`, { token, body: body(rng), contentType }));
    }
    const badParams = ['0', '-1', '1e3', '0x1', '1.5', '%EF%BC%91', '9'.repeat(400), '%00', 'NaN', 'Infinity', '%20', '..%2F..', '%ZZ', '99999999', '4194305'];
    for (const p of badParams) {
      outcomes.push(await send('POST', `/api/sessions/${id}/steps/${p}/check`, { token }));
      outcomes.push(await send('POST', `/api/sessions/${id}/steps/${p}/open`, { token }));
      outcomes.push(await send('GET', `/api/sessions/${id}/processes/${p}/maps`, { token }));
      outcomes.push(await send('POST', `/api/sessions/${id}/processes/${p}/signal`, { token, body: '{"signal":"SIGCONT"}', contentType: 'application/json' }));
      outcomes.push(await send('GET', `/api/labs/${p}`));
      outcomes.push(await send('GET', `/api/sessions/${p}`, { token }));
      outcomes.push(await send('DELETE', `/api/sessions/${p}`, { token }));
    }
    for (const views of ['', 'nope', 'processes,nope', 'maps', 'maps&pid=0', 'maps&pid=-1', 'x'.repeat(3000), '%00']) {
      outcomes.push(await send('GET', `/api/sessions/${id}/inspect?views=${views}`, { token }));
    }
    // Past the 64 KB body limit: 413, read no further.
    outcomes.push(await send('POST', `/api/sessions/${id}/quiz`, { token, body: `{"answers":{"a":"${'x'.repeat(100_000)}"}}`, contentType: 'application/json' }));
    // 20,000 levels of nesting: the parser must not take the process down.
    outcomes.push(await send('POST', '/api/sessions', { body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, contentType: 'application/json' }));
    const rtt = await typing.finish();

    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    console.log(`[security #13] ${outcomes.length} fuzzed HTTP requests → ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(', ')}; `
      + `bystander echo ×${rtt.samples.length}: median ${ms(rtt.median)}, max ${ms(rtt.max)}`);
    expectClear4xx(outcomes);
    expect(rtt.samples.length).toBeGreaterThan(10);
    expect(rtt.max).toBeLessThan(1000);
    expect(server.logs.filter((l) => l.msg === 'unhandled error')).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('fuzzed control messages (negative, huge, fractional, wrong types, prototype keys) each get an error frame; valid ones still work; ten in a row close with 4400', async () => {
    const typing = keepTyping(bystander);
    const rng = prng(0xc0ffee);
    const term = await TerminalClient.connect(server.url, target.id, { token: target.token });
    await term.waitForMessage('hello');
    const fixed = [
      '{"type":"resize","cols":-1,"rows":10}', '{"type":"resize","cols":0,"rows":0}', '{"type":"resize","cols":501,"rows":24}',
      '{"type":"resize","cols":80,"rows":201}', '{"type":"resize","cols":1e9,"rows":24}', '{"type":"resize","cols":-1e308,"rows":24}',
      '{"type":"resize","cols":1e999,"rows":24}', '{"type":"resize","cols":80.5,"rows":24}', '{"type":"resize","cols":"80","rows":24}',
      '{"type":"resize","cols":null,"rows":24}', '{"type":"resize","cols":[80],"rows":24}', '{"type":"resize"}',
      '{"type":"resize","cols":80,"rows":24,"extra":1}', '{"type":"ack","bytes":-5}', '{"type":"ack","bytes":0}',
      '{"type":"ack","bytes":1e20}', '{"type":"ack","bytes":9007199254740993}', '{"type":"ack"}', '{"type":"ACK","bytes":1}',
      '{"__proto__":{"type":"resize"},"cols":80,"rows":24}', '{"type":"constructor"}', '{"type":"__proto__","cols":2,"rows":2}',
      '[]', 'null', '"resize"', '123', '', '{', `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `{"type":"resize","cols":"${'9'.repeat(900_000)}","rows":24}`,
    ];
    const malformed = [...fixed, ...Array.from({ length: 120 }, () => JSON.stringify(jsonValue(rng, 3)))];
    let sent = 0;
    for (let i = 0; i < malformed.length; i += 9) {
      const batch = malformed.slice(i, i + 9);
      for (const m of batch) term.control(m);
      sent += batch.length;
      // A valid message between batches resets the run of bad ones.
      term.control({ type: 'resize', cols: 100 + (i % 50), rows: 30 });
      await eventually(() => term.messages.filter((m) => m.type === 'error').length >= sent, `${sent} error frames`);
    }
    expect(term.closeCode).toBeNull();
    const errors = term.messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(sent);
    for (const e of errors) expect((e as { code: string }).code).toBe('bad_message');
    // The last valid resize is the size the shell sees: none of the malformed ones got through.
    const last = 100 + (Math.floor((malformed.length - 1) / 9) * 9) % 50;
    expect(await term.run('stty size')).toMatch(new RegExp(`[\\r\\n]30 ${last}\\r\\n`));
    for (let i = 0; i < 10; i++) term.control(JSON.stringify(jsonValue(rng, 2)) + 'x');
    expect(await term.waitClosed()).toBe(CloseCode.BAD_MESSAGE);
    const rtt = await typing.finish();
    console.log(`[security #13] ${sent} fuzzed control messages → ${errors.length} error frames, socket open; ten in a row → ${term.closeCode}; `
      + `bystander echo ×${rtt.samples.length}: median ${ms(rtt.median)}, max ${ms(rtt.max)}`);
    expect(rtt.max).toBeLessThan(1000);
  });

  it('a text frame that is not UTF-8 closes that socket (1007); the session and its shell go on', async () => {
    const term = await TerminalClient.connect(server.url, target.id, { token: target.token });
    await term.waitForMessage('hello');
    term.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await term.waitClosed()).toBe(1007);
    const again = await TerminalClient.connect(server.url, target.id, { token: target.token });
    expect(await again.run('echo still-$((20+1))')).toContain('still-21');
    again.close();
    expect(await bystander.run('echo bystander-ok')).toContain('bystander-ok');
  });
});

describe('malformed WebSocket upgrades (SECURITY.md #13)', () => {
  const HANDSHAKE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

  /** A raw HTTP/1.1 upgrade request: whatever a client puts on the wire. */
  function upgrade(port: number, path: string, extraHeaders = '', handshake = HANDSHAKE): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let reply = '';
      const timer = setTimeout(() => { socket.destroy(); resolve(reply || '(no answer)'); }, 3000);
      socket.on('data', (b) => { reply += b.toString('latin1'); });
      socket.on('close', () => { clearTimeout(timer); resolve(reply || '(closed without an answer)'); });
      socket.on('error', () => {});
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${handshake}${extraHeaders}\r\n`);
    });
  }

  it('a bad path, id, header or version is refused with a 4xx, and the server keeps serving', async () => {
    // A server of its own: if a request takes it down, only this test fails.
    const own = await startServer();
    try {
      const { id, token } = await createSession(own);
      const bearer = `Authorization: Bearer ${token}\r\n`;
      const cases: Array<[string, string, string?]> = [
        ['/api/sessions/%ZZ/terminal', ''],
        ['/api/sessions/%ZZ/terminal', bearer],
        ['/api/sessions/%E0%A4%A/terminal', ''],
        [`/api/sessions/${'s'.repeat(5000)}/terminal`, bearer],
        [`/api/sessions/${id}/terminal?mode=%ZZ`, ''],
        [`/api/sessions/${id}/terminal`, 'Authorization: Bearer\r\n'],
        [`/api/sessions/${id}/terminal`, 'Authorization: Basic Zm9vOmJhcg==\r\n'],
        [`/api/sessions/${id}/terminal`, 'Cookie: syslab_session=%ZZ\r\nOrigin: http://127.0.0.1\r\n'],
        [`/api/sessions/${id}/terminal`, `${bearer}Origin: null\r\n`],
        [`/api/sessions/${id}/terminal`, `${bearer}Origin: %ZZ\r\n`],
        [`/api/sessions/${id}/terminal`, bearer, HANDSHAKE.replace('Version: 13', 'Version: 99')],
        [`/api/sessions/${id}/terminal`, bearer, HANDSHAKE.replace(/Sec-WebSocket-Key: .*\r\n/, '')],
        [`/api/sessions/${id}/terminal`, bearer, HANDSHAKE.replace('dGhlIHNhbXBsZSBub25jZQ==', '%%%')],
        ['/api/nope', ''],
        ['//', ''],
        ['//x/api/sessions/a/terminal', ''],
      ];
      const answers: string[] = [];
      for (const [path, headers, handshake] of cases) {
        const reply = await upgrade(own.port, path, headers, handshake);
        answers.push(`${path.slice(0, 60)} ${JSON.stringify(headers.trim()).slice(0, 40)} → ${reply.split('\r\n')[0]}`);
        expect((await fetch(`${own.url}/healthz`).catch(() => null))?.status, `the server still answers after ${path}`).toBe(200);
      }
      console.log(`[security #13] malformed upgrades:\n  ${answers.join('\n  ')}`);
      for (const a of answers) expect(a).toMatch(/→ HTTP\/1\.1 4\d\d /);
      const term = await TerminalClient.connect(own.url, id, { token });
      expect(await term.run('echo upgrade-ok')).toContain('upgrade-ok');
      term.close();
    } finally {
      await own.stop();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../common/src/flow-control.js';
import { CloseCode } from '../../common/src/protocol.js';
import type { SessionLookup } from './api-client.js';
import type { ConnectionState, TerminalLike } from './terminal-connection.js';
import { TerminalConnection } from './terminal-connection.js';

/** Just enough of a browser WebSocket to drive the connection by hand. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = FakeSocket.CONNECTING;
  binaryType = 'blob';
  sent: Array<string | Uint8Array> = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = FakeSocket.CLOSED;
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(data: string | ArrayBuffer): void {
    this.onmessage?.({ data });
  }
  drop(code: number): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code });
  }
  controlMessages(): unknown[] {
    return this.sent.filter((data): data is string => typeof data === 'string').map((text) => JSON.parse(text));
  }
}

type Listener<T> = (value: T) => void;

/** Records writes and lets the test decide when xterm.js "has processed" them. */
function fakeTerminal() {
  const listeners = { data: [] as Listener<string>[], binary: [] as Listener<string>[], resize: [] as Listener<{ cols: number; rows: number }>[] };
  const subscribe = <T>(list: Listener<T>[]) => (listener: Listener<T>) => {
    list.push(listener);
    return { dispose: () => list.splice(list.indexOf(listener), 1) };
  };
  const writes: Array<{ data: string | Uint8Array; done?: () => void }> = [];
  const terminal = {
    cols: 100,
    rows: 30,
    options: { disableStdin: false },
    write: (data: string | Uint8Array, done?: () => void) => writes.push({ data, done }),
    onData: subscribe(listeners.data),
    onBinary: subscribe(listeners.binary),
    onResize: subscribe(listeners.resize),
  };
  return {
    terminal: terminal as unknown as TerminalLike,
    writes,
    type: (text: string) => listeners.data.forEach((listener) => listener(text)),
    processAll: () => writes.splice(0).forEach((write) => write.done?.()),
  };
}

const hello = (role: 'owner' | 'watcher' = 'owner') => JSON.stringify({ type: 'hello', role, cols: 80, rows: 24 });

describe('TerminalConnection', () => {
  let sockets: FakeSocket[];
  let states: ConnectionState[];
  let lookup: SessionLookup;
  let term: ReturnType<typeof fakeTerminal>;
  let connection: TerminalConnection;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    sockets = [];
    states = [];
    lookup = 'gone';
    term = fakeTerminal();
    connection = new TerminalConnection({
      url: 'ws://page/api/sessions/s1/terminal',
      terminal: term.terminal,
      onState: (state) => states.push(state),
      lookupSession: async () => lookup,
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    });
    connection.connect();
  });

  afterEach(() => {
    connection.dispose();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const socket = () => sockets.at(-1)!;

  function attach(role: 'owner' | 'watcher' = 'owner'): void {
    socket().open();
    socket().receive(hello(role));
  }

  it('on hello resets the screen in-stream, sends its size and reports the role', () => {
    attach();
    expect(socket().binaryType).toBe('arraybuffer');
    expect(term.writes[0]?.data).toBe('\x1bc');
    expect(socket().controlMessages()).toEqual([{ type: 'resize', cols: 100, rows: 30 }]);
    expect(states.at(-1)).toEqual({ kind: 'connected', role: 'owner' });
  });

  it('acknowledges output only once xterm.js has processed ACK_EVERY_BYTES', () => {
    attach();
    term.processAll();
    const chunk = new Uint8Array(FlowControl.ACK_EVERY_BYTES / 2).buffer;
    socket().receive(chunk);
    socket().receive(chunk);
    expect(socket().controlMessages().filter((m) => (m as { type: string }).type === 'ack')).toEqual([]);
    term.processAll();
    expect(socket().controlMessages().at(-1)).toEqual({ type: 'ack', bytes: FlowControl.ACK_EVERY_BYTES });
  });

  it('does not acknowledge, on a new socket, output that arrived on the old one', () => {
    attach();
    socket().receive(new Uint8Array(FlowControl.ACK_EVERY_BYTES).buffer);
    socket().drop(1006);
    vi.advanceTimersByTime(500);
    attach();
    term.processAll();
    expect(socket().controlMessages().some((m) => (m as { type: string }).type === 'ack')).toBe(false);
  });

  it('sends keystrokes as UTF-8 binary frames, and none from a watcher', () => {
    attach();
    term.type('é');
    expect(socket().sent.at(-1)).toEqual(new Uint8Array([0xc3, 0xa9]));
    socket().drop(1006);
    vi.advanceTimersByTime(500);
    attach('watcher');
    const before = socket().sent.length;
    term.type('x');
    expect(socket().sent.length).toBe(before);
    expect(states.at(-1)).toEqual({ kind: 'connected', role: 'watcher' });
  });

  it('reconnects with growing delays after an unexpected close', async () => {
    attach();
    socket().drop(1006);
    expect(states.at(-1)).toMatchObject({ kind: 'reconnecting', delayMs: 500 });
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    lookup = 'unreachable';
    socket().drop(1006);
    await vi.waitFor(() => expect(states.at(-1)).toMatchObject({ kind: 'reconnecting', delayMs: 1000, reason: 'server unreachable' }));
  });

  it('reports the session ended on close 4000 without reconnecting', () => {
    attach();
    socket().drop(CloseCode.SESSION_ENDED);
    expect(states.at(-1)).toEqual({ kind: 'ended', attached: true });
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('ends at the first refused upgrade when the server says the session is gone (404)', async () => {
    socket().drop(1006);
    await vi.waitFor(() => expect(states.at(-1)).toEqual({ kind: 'ended', attached: false }));
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('ends when the server says this browser no longer holds the credential (401)', async () => {
    attach();
    lookup = 'unauthorized';
    socket().drop(1006);
    vi.advanceTimersByTime(500);
    socket().drop(1006);
    await vi.waitFor(() => expect(states.at(-1)).toEqual({ kind: 'ended', attached: true }));
  });

  it('keeps retrying a live session whose upgrade was refused, then gives up with a message', async () => {
    lookup = 'live';
    for (let i = 0; i < 4; i++) {
      socket().drop(1006);
      await vi.waitFor(() => expect(states.at(-1)).toMatchObject({ kind: 'reconnecting', reason: 'connection lost' }));
      vi.advanceTimersByTime(5000);
    }
    socket().drop(1006);
    await vi.waitFor(() => expect(states.at(-1)).toMatchObject({ kind: 'failed' }));
  });

  it('types text into the shell only while attached as owner', () => {
    expect(connection.sendText('ls\r')).toBe(false);
    attach();
    expect(connection.sendText('ls\r')).toBe(true);
    expect(socket().sent.at(-1)).toEqual(new TextEncoder().encode('ls\r'));
  });
});

/**
 * One session's terminal stream over a WebSocket (docs/api.md): output bytes
 * into xterm.js with flow-control acks, keystrokes out as binary frames, and
 * reconnection to the same session when the socket drops.
 */
import type { Terminal } from '@xterm/xterm';
import { FlowControl } from '../../common/src/flow-control.js';
import type { ClientMessage, TerminalRole } from '../../common/src/protocol.js';
import { CloseCode } from '../../common/src/protocol.js';
import type { SessionLookup } from './api-client.js';
import type { Disposable } from './disposable-store.js';
import { DisposableStore, toDisposable } from './disposable-store.js';
import { parseServerMessage } from './server-message.js';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected'; role: TerminalRole }
  | { kind: 'reconnecting'; delayMs: number; reason: 'connection lost' | 'server unreachable' | 'server shutting down' }
  | { kind: 'shutting-down'; message: string }
  /** `attached`: whether this connection ever reached the session (got `hello`). */
  | { kind: 'ended'; attached: boolean }
  | { kind: 'failed'; message: string };

/** What the connection needs of xterm.js; a fake stands in for it in tests. */
export type TerminalLike = Pick<Terminal, 'write' | 'onData' | 'onBinary' | 'onResize' | 'cols' | 'rows' | 'options'>;

export interface TerminalConnectionOptions {
  url: string;
  terminal: TerminalLike;
  onState(state: ConnectionState): void;
  /**
   * A browser never learns why an upgrade failed (401, 404 and "server down"
   * all look like close 1006), so a failed upgrade asks the server about the
   * session itself (`GET /api/sessions/<id>`) before deciding what to do.
   */
  lookupSession(): Promise<SessionLookup>;
  createSocket?: (url: string) => WebSocket;
  /**
   * The size the owner's terminal has, from `hello` and, for a watcher, each
   * time the owner resizes: a read-only view draws at that size.
   */
  onRemoteSize?(cols: number, rows: number): void;
}

/** Quick first retry for a network blip, then back off; capped so a restarted
 * server is found again within seconds. */
export const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 5000] as const;

/** Refused upgrades in a row for a session the server calls live (a 403 from
 * a misconfigured origin, say) before retrying stops: the learner is told
 * instead of watching "reconnecting…" forever. */
const LIVE_REFUSALS_BEFORE_FAILED = 5;

/** ESC c (RIS): the same full reset as `terminal.reset()`, but as data it runs
 * in order after output still queued from the previous socket, and just
 * before the screen replay that follows `hello`. */
const FULL_RESET = '\x1bc';

export class TerminalConnection implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly encoder = new TextEncoder();
  private socket: WebSocket | null = null;
  /** Bumped per socket, so callbacks from an old socket's writes are ignored. */
  private generation = 0;
  private unackedBytes = 0;
  private role: TerminalRole | null = null;
  private attached = false;
  private reconnectAttempt = 0;
  private refusals = 0;
  private shuttingDown = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: TerminalConnectionOptions) {
    const { terminal } = options;
    this.disposables.add(terminal.onData((data) => this.sendInput(this.encoder.encode(data))));
    // onBinary carries raw bytes (some mouse reports) as one char per byte.
    this.disposables.add(terminal.onBinary((data) => this.sendInput(Uint8Array.from(data, (char) => char.charCodeAt(0) & 0xff))));
    this.disposables.add(terminal.onResize(() => this.sendResize()));
    this.disposables.add(toDisposable(() => clearTimeout(this.reconnectTimer)));
    this.disposables.add(toDisposable(() => this.closeSocket()));
  }

  /** Whether keystrokes reach the shell now (attached as owner, socket open). */
  get canSend(): boolean {
    return this.role === 'owner' && this.socket?.readyState === WebSocket.OPEN;
  }

  /** Types `text` into the shell as if from the keyboard; false when it cannot (see canSend). */
  sendText(text: string): boolean {
    if (!this.canSend) return false;
    this.sendInput(this.encoder.encode(text));
    return true;
  }

  connect(): void {
    this.options.onState({ kind: 'connecting' });
    this.openSocket();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private openSocket(): void {
    const generation = ++this.generation;
    this.unackedBytes = 0;
    this.role = null;
    this.shuttingDown = false;
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (generation !== this.generation) return;
      if (event.data instanceof ArrayBuffer) this.writeOutput(event.data, generation);
      else if (typeof event.data === 'string') this.handleControl(event.data);
    };
    socket.onclose = (event) => {
      if (generation !== this.generation || this.disposables.isDisposed) return;
      this.socket = null;
      this.role = null;
      void this.handleClose(event.code, opened, generation);
    };
  }

  private writeOutput(data: ArrayBuffer, generation: number): void {
    const bytes = new Uint8Array(data);
    // Acknowledge only once xterm.js has parsed the bytes: that is what keeps a
    // flood (`yes`) paused in the kernel instead of piling up in this tab.
    this.options.terminal.write(bytes, () => this.acknowledge(bytes.byteLength, generation));
  }

  private acknowledge(bytes: number, generation: number): void {
    if (generation !== this.generation) return;
    this.unackedBytes += bytes;
    if (this.unackedBytes < FlowControl.ACK_EVERY_BYTES) return;
    this.sendControl({ type: 'ack', bytes: this.unackedBytes });
    this.unackedBytes = 0;
  }

  private handleControl(text: string): void {
    const message = parseServerMessage(text);
    if (!message) {
      console.warn('syslab: ignoring an unrecognised control message', text.slice(0, 200));
      return;
    }
    switch (message.type) {
      case 'hello':
        this.attached = true;
        this.reconnectAttempt = 0;
        this.refusals = 0;
        this.role = message.role;
        // The server replays the whole screen next; start from a blank terminal.
        this.options.terminal.write(FULL_RESET);
        this.options.terminal.options.disableStdin = message.role === 'watcher';
        this.options.onRemoteSize?.(message.cols, message.rows);
        // The pty may still have another tab's size; make it match this pane.
        this.sendResize();
        this.options.onState({ kind: 'connected', role: message.role });
        return;
      case 'shutdown':
        this.shuttingDown = true;
        this.options.onState({ kind: 'shutting-down', message: message.message });
        return;
      case 'exit':
        // The close with 4000 that follows says what to show.
        return;
      case 'resize':
        this.options.onRemoteSize?.(message.cols, message.rows);
        return;
      case 'error':
        // Only a bug in this page sends a bad control message; say so for whoever debugs it.
        console.warn(`syslab: the server rejected a control message (${message.code}): ${message.message}`);
        return;
    }
  }

  private async handleClose(code: number, opened: boolean, generation: number): Promise<void> {
    if (code === CloseCode.SESSION_ENDED || code === CloseCode.SESSION_NOT_FOUND) {
      this.options.onState({ kind: 'ended', attached: this.attached });
      return;
    }
    if (code === CloseCode.TOO_MANY_SOCKETS) {
      this.options.onState({
        kind: 'failed',
        message: 'This session already has as many terminals open as it allows. Close another tab showing it, then reload.',
      });
      return;
    }
    if (!opened) {
      const lookup = await this.options.lookupSession();
      if (generation !== this.generation || this.disposables.isDisposed) return;
      switch (lookup) {
        case 'gone':
        case 'unauthorized':
          // Either way this browser cannot use the session again: a 401 means
          // its credential (the HttpOnly cookie) is no longer the session's.
          this.options.onState({ kind: 'ended', attached: this.attached });
          return;
        case 'unreachable':
          this.refusals = 0;
          this.scheduleReconnect('server unreachable');
          return;
        case 'live':
          if (++this.refusals >= LIVE_REFUSALS_BEFORE_FAILED) {
            this.options.onState({
              kind: 'failed',
              message: 'The server keeps refusing the terminal connection for this session. Reload the page; if that does not help, Restart.',
            });
            return;
          }
      }
    }
    const shuttingDown = this.shuttingDown || code === CloseCode.GOING_AWAY;
    this.scheduleReconnect(shuttingDown ? 'server shutting down' : 'connection lost');
  }

  private scheduleReconnect(reason: Extract<ConnectionState, { kind: 'reconnecting' }>['reason']): void {
    const delayMs = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
    this.reconnectAttempt += 1;
    this.options.onState({ kind: 'reconnecting', delayMs, reason });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.openSocket(), delayMs);
  }

  private sendInput(bytes: Uint8Array<ArrayBuffer>): void {
    // Keystrokes typed while disconnected are dropped rather than replayed
    // later into whatever the shell is doing by then.
    if (this.role !== 'owner' || this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(bytes);
  }

  private sendResize(): void {
    if (this.role !== 'owner') return;
    const { cols, rows } = this.options.terminal;
    this.sendControl({ type: 'resize', cols, rows });
  }

  private sendControl(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.generation += 1;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(CloseCode.NORMAL, 'leaving');
  }
}

/**
 * A real WebSocket terminal client for tests: speaks the protocol, acks what
 * it "processed" (unless told to stall), and lets tests wait for output.
 */
import WebSocket from 'ws';
import { FlowControl } from '../../common/src/flow-control.js';
import type { ServerMessage } from '../../common/src/protocol.js';

export interface ConnectOptions {
  token?: string;
  cookie?: string;
  origin?: string;
  watch?: boolean;
  /** Do not acknowledge output (a client that stops reading). */
  noAck?: boolean;
}

export class TerminalClient {
  /** All terminal bytes received, decoded as UTF-8 (lossy; `bytes` has them raw). */
  output = '';
  readonly chunks: Buffer[] = [];
  received = 0;
  readonly messages: ServerMessage[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private unackedLocal = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket, private readonly options: ConnectOptions) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.chunks.push(data);
        this.received += data.length;
        this.output += data.toString('utf8');
        if (!this.options.noAck) {
          this.unackedLocal += data.length;
          if (this.unackedLocal >= FlowControl.ACK_EVERY_BYTES) {
            ws.send(JSON.stringify({ type: 'ack', bytes: this.unackedLocal }));
            this.unackedLocal = 0;
          }
        }
      } else {
        this.messages.push(JSON.parse(data.toString('utf8')) as ServerMessage);
      }
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.notify();
    });
  }

  static connect(baseUrl: string, sessionId: string, options: ConnectOptions = {}): Promise<TerminalClient> {
    return TerminalClient.connectPath(baseUrl, `/api/sessions/${sessionId}/terminal${options.watch ? '?mode=watch' : ''}`, options);
  }

  /** Any terminal socket path (workshops: shadowing, the broadcast); `headers` adds to the credential's. */
  static connectPath(baseUrl: string, pathAndQuery: string, options: ConnectOptions & { headers?: Record<string, string> } = {}): Promise<TerminalClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}${pathAndQuery}`;
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    const ws = new WebSocket(url, { headers, ...(options.origin ? { origin: options.origin } : {}) });
    return new Promise((resolve, reject) => {
      const client = new TerminalClient(ws, options);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new HandshakeRefused(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
  }

  /** Flush acks for everything received (ack mode) — e.g. after a pause in the test. */
  ackAll(): void {
    if (this.unackedLocal > 0) this.ws.send(JSON.stringify({ type: 'ack', bytes: this.unackedLocal }));
    this.unackedLocal = 0;
  }

  type(text: string | Buffer): void {
    this.ws.send(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { binary: true });
  }

  control(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves when `test` holds for the output received after `from` (an offset into `output`). */
  async waitFor(test: RegExp | string, timeoutMs = 10_000, from = 0): Promise<RegExpMatchArray | string> {
    return this.until(() => {
      const tail = this.output.slice(from);
      if (typeof test === 'string') return tail.includes(test) ? test : null;
      return tail.match(test);
    }, timeoutMs, () => `output matching ${test}; got: ${JSON.stringify(this.output.slice(from).slice(-500))}`);
  }

  async waitForMessage<T extends ServerMessage['type']>(type: T, timeoutMs = 10_000): Promise<Extract<ServerMessage, { type: T }>> {
    return this.until(() => this.messages.find((m) => m.type === type) as Extract<ServerMessage, { type: T }> | undefined ?? null,
      timeoutMs, () => `a "${type}" message; got ${JSON.stringify(this.messages)}`);
  }

  async waitClosed(timeoutMs = 10_000): Promise<number> {
    return this.until(() => this.closeCode, timeoutMs, () => 'the socket to close');
  }

  /** Type a command and wait for a marker it prints, so runs do not interleave. */
  async run(command: string, timeoutMs = 10_000): Promise<string> {
    const marker = `__done_${Math.random().toString(36).slice(2, 10)}`;
    const from = this.output.length;
    this.type(`${command}; echo ${marker.slice(0, 6)}""${marker.slice(6)}\r`);
    await this.waitFor(new RegExp(`${marker}\\r?\\n`), timeoutMs, from);
    const tail = this.output.slice(from);
    return tail.slice(0, tail.lastIndexOf(marker));
  }

  close(): void {
    this.ws.close();
  }

  private notify() {
    for (const w of this.waiters) w();
  }

  private until<T>(check: () => T | null | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== null && v !== undefined) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`WebSocket handshake refused with HTTP ${status}`);
  }
}

/**
 * The terminal WebSocket: checks Origin and credential on the upgrade itself
 * (nothing is spawned for a refused one), then bridges frames to the session.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseClientMessage } from '../../../common/src/control-message.js';
import { CloseCode, type ClientMessage, type ServerMessage, type TerminalRole } from '../../../common/src/protocol.js';
import type { Attachment, Session } from '../sessions/session.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { TerminalPeer } from '../sessions/terminal-peer.js';
import { readCredential } from './credential.js';
import { originAllowed } from './origin-policy.js';
import { decodePathSegment, upgradeUrl } from './upgrade-request.js';

/** Malformed control messages in a row before we stop listening. */
const MAX_BAD_MESSAGES = 10;

const TERMINAL_PATH = /^\/api\/sessions\/([^/]+)\/terminal$/;

export interface TerminalSocketOptions {
  sessions: SessionManager;
  log: Logger;
  maxMessageBytes: number;
  allowedOrigins: ReadonlySet<string>;
  traffic?: TerminalTraffic;
  /** Ping every socket this often; one that has not answered the previous ping is gone (half-open TCP). */
  pingIntervalMs: number;
}

/** Counts terminal bytes each way (the metrics; ops/server-metrics.ts). */
export interface TerminalTraffic {
  bytesIn(n: number): void;
  bytesOut(n: number): void;
}

export class TerminalSockets {
  private readonly wss: WebSocketServer;
  private readonly pinger: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(private readonly options: TerminalSocketOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
    this.pinger = setInterval(() => this.pingAll(), options.pingIntervalMs);
    this.pinger.unref();
  }

  /** Returns false when the path is not ours (another handler may take it). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    // Nothing in here may throw (upgrade-request.ts).
    const url = upgradeUrl(req);
    if (!url) return false;
    const match = TERMINAL_PATH.exec(url.pathname);
    if (!match) return false;
    const id = decodePathSegment(match[1]!);
    const credential = readCredential(req);
    const origin = req.headers.origin;
    // A page on a foreign site is refused before anything else (403); then no credential is 401.
    if (origin !== undefined && !originAllowed(req, credential ?? { token: '', source: 'cookie' }, this.options.allowedOrigins)) {
      return refuse(socket, 403, 'origin not allowed');
    }
    if (!credential) return refuse(socket, 401, 'missing credential: send Authorization: Bearer <token> or the session cookie');
    if (!originAllowed(req, credential, this.options.allowedOrigins)) return refuse(socket, 403, 'a cookie credential needs an Origin header');
    const auth = this.options.sessions.authenticate(id, credential.token);
    if (!auth.ok) return refuse(socket, auth.status, auth.status === 404 ? 'no such session' : 'missing or wrong credential');
    const role: TerminalRole = url.searchParams.get('mode') === 'watch' ? 'watcher' : 'owner';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.bridge(ws, auth.session, role));
    return true;
  }

  /**
   * Upgrade to a terminal socket on `session` for a request another handler
   * has already authenticated and origin-checked (workshops: an instructor
   * shadowing, learners watching the broadcast). `onOpen` gets the socket.
   */
  attach(req: IncomingMessage, socket: Duplex, head: Buffer, session: Session, role: TerminalRole, onOpen?: (ws: WebSocket) => void): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.bridge(ws, session, role);
      onOpen?.(ws);
    });
  }

  close(): void {
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private bridge(ws: WebSocket, session: Session, role: TerminalRole) {
    const log = this.options.log.child({ session: session.id, role });
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    const peer = new WsPeer(ws, role, this.options.traffic);
    const attachment = session.attach(peer);
    if (!attachment) return;
    let badInARow = 0;
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const bytes = toBuffer(data);
        this.options.traffic?.bytesIn(bytes.length);
        session.input(attachment, bytes);
        return;
      }
      const parsed = parseClientMessage(toBuffer(data).toString('utf8'));
      if (!parsed.ok) {
        peer.sendJson({ type: 'error', code: 'bad_message', message: parsed.error });
        if (++badInARow >= MAX_BAD_MESSAGES) ws.close(CloseCode.BAD_MESSAGE, 'too many malformed control messages');
        return;
      }
      badInARow = 0;
      this.control(session, attachment, peer, parsed.message);
    });
    ws.on('close', () => session.detach(attachment));
    ws.on('error', (err) => log.debug({ err }, 'terminal socket error'));
  }

  private control(session: Session, a: Attachment, peer: WsPeer, message: ClientMessage) {
    switch (message.type) {
      case 'ack':
        session.ack(a, message.bytes);
        break;
      case 'resize':
        if (!session.resize(a, message.cols, message.rows)) {
          peer.sendJson({ type: 'error', code: 'read_only', message: 'only the session owner can resize the terminal' });
        }
        break;
    }
  }

  private pingAll() {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

class WsPeer implements TerminalPeer {
  constructor(private readonly ws: WebSocket, readonly role: TerminalRole, private readonly traffic?: TerminalTraffic) {}

  sendBinary(data: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(data, { binary: true });
    this.traffic?.bytesOut(data.length);
  }

  sendJson(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  pauseInput(): void {
    this.ws.pause();
  }

  resumeInput(): void {
    this.ws.resume();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A malformed escape (`%ZZ`) cannot name a session: kept raw, the lookup answers 404 like any unknown id. */
/** Answer a WebSocket upgrade with a plain HTTP error and close. */
export function refuse(socket: Duplex, status: 401 | 403 | 404, message: string): true {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  const body = JSON.stringify({ error: { code: reason.toLowerCase().replace(' ', '_'), message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  return true;
}

/**
 * A syslab terminal over its WebSocket, as the browser speaks it: binary
 * frames both ways, an ack per ACK_EVERY_BYTES processed (unless stalled).
 */
import WebSocket from 'ws';
import { FlowControl } from '../common/src/flow-control.js';
import type { CreatedSession } from './syslab-server.js';
import type { TermLink } from './term-link.js';
import { HeldOutput } from '../server/src/sandbox/held-output.js';

export interface SyslabLinkOptions {
  /** Never acknowledge and stop reading the socket: a client that stalls. */
  stall?: boolean;
}

export class SyslabLink implements TermLink {
  /**
   * Output is held until someone listens. The server sends the screen right
   * after the upgrade, often in the same TCP segment: ws then emits
   * 'message' in the same tick as 'open', before the caller of open() can
   * subscribe, and the prompt was lost (1–2 starts in 200 waited forever).
   */
  private readonly output = new HeldOutput();
  private unacked = 0;

  private constructor(readonly ws: WebSocket, private readonly options: SyslabLinkOptions) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      this.output.push(data);
      if (this.options.stall) return;
      this.unacked += data.length;
      if (this.unacked >= FlowControl.ACK_EVERY_BYTES) {
        ws.send(JSON.stringify({ type: 'ack', bytes: this.unacked }));
        this.unacked = 0;
      }
    });
  }

  static open(serverUrl: string, session: CreatedSession, options: SyslabLinkOptions = {}): Promise<SyslabLink> {
    const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/sessions/${session.id}/terminal`, {
      headers: { authorization: `Bearer ${session.token}` },
      perMessageDeflate: false,
    });
    const link = new SyslabLink(ws, options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(link));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`terminal socket refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Stop reading the TCP socket too, so the server's send buffer fills as with a frozen browser tab. */
  stallReading(): void {
    this.options.stall = true;
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  write(data: string): void {
    this.ws.send(Buffer.from(data, 'utf8'), { binary: true });
  }

  onData(fn: (chunk: Buffer) => void): () => void {
    const listening = this.output.onData(fn);
    return () => listening.dispose();
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      if (this.options.stall) this.ws.terminate();
      else this.ws.close();
      setTimeout(() => { this.ws.terminate(); resolve(); }, 2000).unref();
    });
  }
}

/**
 * A Server-Sent Events response that never queues without bound: while the
 * client is slow (write() said the socket is full), a newer value of an
 * event replaces the one waiting, and list-like events (`merge`) are joined
 * up to a cap. Snapshots lose nothing that matters; a trace counts what it drops.
 */
import type { Request, Response } from 'express';

const HEARTBEAT_MS = 15_000;

export class SseStream {
  private blocked = false;
  private readonly waiting = new Map<string, unknown>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(req: Request, private readonly res: Response) {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // Proxies (nginx) must not buffer a stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('drain', () => this.drain());
    req.on('close', () => this.close());
  }

  /** Sends now, or keeps the newest value for when the client catches up; `merge` joins a waiting value with this one. */
  send(event: string, data: unknown, merge?: (waiting: unknown, next: unknown) => unknown): void {
    if (this.closed) return;
    if (this.blocked) {
      const prev = this.waiting.get(event);
      this.waiting.set(event, prev !== undefined && merge ? merge(prev, data) : data);
      return;
    }
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  onClose(fn: () => void): void {
    if (this.closed) fn(); else this.closeHandlers.push(fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
    for (const fn of this.closeHandlers.splice(0)) fn();
  }

  private write(chunk: string) {
    if (this.closed) return;
    if (!this.res.write(chunk)) this.blocked = true;
  }

  private drain() {
    this.blocked = false;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [event, data] of waiting) this.send(event, data);
  }
}

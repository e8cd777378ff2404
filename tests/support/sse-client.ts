/** Reads a Server-Sent Events response as a test would: every event, in order, with a way to wait for one. */
export interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private waiters = new Set<() => void>();
  status = 0;

  /** `token` is sent as a Bearer; pass headers instead for another credential (X-Syslab-Learner). */
  static async open(url: string, token: string | Record<string, string>): Promise<SseClient> {
    const client = new SseClient();
    const headers = typeof token === 'string' ? { authorization: `Bearer ${token}` } : token;
    const res = await fetch(url, { headers, signal: client.abort.signal });
    client.status = res.status;
    if (!res.ok || !res.body) {
      client.events.push({ event: 'http-error', data: await res.text(), at: Date.now() });
      return client;
    }
    void client.pump(res.body);
    return client;
  }

  /** Resolves with the first event from index `from` on that passes `test`. */
  waitFor(test: (e: SseEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.events.slice(from).find(test);
        if (!hit) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching event in ${timeoutMs} ms; got: ${this.events.map((e) => e.event).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) this.events.push({ event, data: JSON.parse(data), at: Date.now() });
        }
        for (const w of [...this.waiters]) w();
      }
    } catch {
      // aborted
    }
    this.events.push({ event: 'closed', data: null, at: Date.now() });
    for (const w of [...this.waiters]) w();
  }
}

/**
 * One Server-Sent Events connection to `/api/sessions/<id>/inspect`: each
 * event is checked against its shape (api-shapes.ts) and handed on typed.
 * EventSource reconnects by itself after a network error; after an HTTP
 * error (a 5xx, a restarting server) it gives up, so this class tries again
 * itself, backing off, until it is disposed.
 */
import type { InspectorEvents } from '../../../common/src/inspect-api.js';
import { INSPECTOR_EVENT_SHAPES } from '../api-shapes.js';
import type { Disposable } from '../disposable-store.js';

export type InspectorEvent = { [K in keyof InspectorEvents]: { name: K; data: InspectorEvents[K] } }[keyof InspectorEvents];

export type StreamState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  /** The connection dropped; EventSource or this class is trying again. */
  | { kind: 'retrying' };

/** The part of EventSource this class uses, so tests can drive it by hand. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface InspectorStreamOptions {
  url: string;
  onEvent(event: InspectorEvent): void;
  onState(state: StreamState): void;
  /** A message for the learner when an event arrives that this page cannot read. */
  onMalformed(message: string): void;
  createSource?: (url: string) => EventSourceLike;
  timers?: { set(run: () => void, ms: number): number; clear(id: number): void };
}

/** EventSource.CLOSED: it will not reconnect by itself. */
const CLOSED = 2;

/** Backing off from a server that refuses: fast enough to catch a restart, slow enough not to hammer it. */
export const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000] as const;

export class InspectorStream implements Disposable {
  private source: EventSourceLike | null = null;
  private retryTimer: number | null = null;
  private failures = 0;
  private disposed = false;

  constructor(private readonly options: InspectorStreamOptions) {
    this.open();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== null) this.timers().clear(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
  }

  private open(): void {
    if (this.disposed) return;
    this.options.onState({ kind: 'connecting' });
    const source = (this.options.createSource ?? ((url) => new EventSource(url)))(this.options.url);
    this.source = source;
    source.onopen = () => {
      if (source !== this.source) return;
      this.failures = 0;
      this.options.onState({ kind: 'live' });
    };
    source.onerror = () => {
      if (source !== this.source) return;
      this.options.onState({ kind: 'retrying' });
      if (source.readyState !== CLOSED) return;
      source.close();
      this.source = null;
      const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
      this.failures++;
      this.retryTimer = this.timers().set(() => {
        this.retryTimer = null;
        this.open();
      }, delay);
    };
    for (const name of Object.keys(INSPECTOR_EVENT_SHAPES) as Array<keyof InspectorEvents>) {
      source.addEventListener(name, (message) => {
        if (source !== this.source) return;
        const event = decodeInspectorEvent(name, message.data);
        if (event) this.options.onEvent(event);
        else this.options.onMalformed(`The server sent a “${name}” update this page cannot read; is the page older than the server? Reload it.`);
      });
    }
  }

  private timers(): NonNullable<InspectorStreamOptions['timers']> {
    return this.options.timers ?? { set: (run, ms) => window.setTimeout(run, ms), clear: (id) => window.clearTimeout(id) };
  }
}

/** Parses and checks one event's data; null when it is not what `name` promises. */
export function decodeInspectorEvent(name: keyof InspectorEvents, data: unknown): InspectorEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const isValid = INSPECTOR_EVENT_SHAPES[name] as (value: unknown) => boolean;
  return isValid(value) ? ({ name, data: value } as InspectorEvent) : null;
}

import { describe, expect, it } from 'vitest';
import { inspectStreamPath } from '../api-client.js';
import type { EventSourceLike, InspectorEvent, StreamState } from './inspector-stream.js';
import { decodeInspectorEvent, InspectorStream, RETRY_DELAYS_MS } from './inspector-stream.js';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(name: string, data: string): void {
    this.listeners.get(name)?.({ data } as MessageEvent);
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const events: InspectorEvent[] = [];
  const states: string[] = [];
  const malformed: string[] = [];
  const pending: Array<{ run: () => void; ms: number }> = [];
  const stream = new InspectorStream({
    url: '/api/sessions/s1/inspect?views=processes',
    onEvent: (e) => events.push(e),
    onState: (s: StreamState) => states.push(s.kind),
    onMalformed: (m) => malformed.push(m),
    createSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    timers: { set: (run, ms) => pending.push({ run, ms }), clear: () => undefined },
  });
  return { stream, sources, events, states, malformed, pending };
}

describe('InspectorStream', () => {
  it('hands on events that match their shape and reports those that do not', () => {
    const h = harness();
    h.sources[0]!.onopen?.({} as Event);
    h.sources[0]!.emit('ipc', JSON.stringify({ nodes: [], edges: [] }));
    h.sources[0]!.emit('processes', '{"not":"a list"}');
    h.sources[0]!.emit('trace', 'not json');
    expect(h.states).toEqual(['connecting', 'live']);
    expect(h.events).toEqual([{ name: 'ipc', data: { nodes: [], edges: [] } }]);
    expect(h.malformed).toHaveLength(2);
  });

  it('leaves a network error to EventSource, and after an HTTP error tries again itself, backing off', () => {
    const h = harness();
    h.sources[0]!.onerror?.({} as Event);
    expect(h.pending).toHaveLength(0);
    h.sources[0]!.readyState = 2;
    h.sources[0]!.onerror?.({} as Event);
    expect(h.pending.map((p) => p.ms)).toEqual([RETRY_DELAYS_MS[0]]);
    h.pending[0]!.run();
    expect(h.sources).toHaveLength(2);
    h.sources[1]!.readyState = 2;
    h.sources[1]!.onerror?.({} as Event);
    expect(h.pending.map((p) => p.ms)).toEqual([RETRY_DELAYS_MS[0], RETRY_DELAYS_MS[1]]);
  });

  it('closes its source on dispose and ignores what a closed source still delivers', () => {
    const h = harness();
    const first = h.sources[0]!;
    h.stream.dispose();
    expect(first.closed).toBe(true);
    first.emit('ipc', JSON.stringify({ nodes: [], edges: [] }));
    expect(h.events).toEqual([]);
  });
});

describe('decodeInspectorEvent', () => {
  it('checks each event against its own shape', () => {
    const status = { running: true, target: { kind: 'shell' }, startedAt: '2026-11-21T10:00:00.000Z', stoppedReason: null, summary: [{ name: 'read', calls: 3, errors: 0, totalUs: 12 }], events: 3 };
    expect(decodeInspectorEvent('trace', JSON.stringify(status))).toEqual({ name: 'trace', data: status });
    expect(decodeInspectorEvent('trace', JSON.stringify({ ...status, target: { kind: 'pid' } }))).toBeNull();
    expect(decodeInspectorEvent('maps', JSON.stringify({ pid: 3, entries: [] }))).not.toBeNull();
    expect(decodeInspectorEvent('problem', JSON.stringify({ view: 'ipc', message: 'no /proc/net/unix' }))).not.toBeNull();
  });
});

describe('inspectStreamPath', () => {
  it('lists the views in a fixed order and adds the pid for maps', () => {
    expect(inspectStreamPath('s 1', ['syscalls', 'processes'])).toBe('/api/sessions/s%201/inspect?views=processes,syscalls');
    expect(inspectStreamPath('s1', ['maps', 'processes'], 42)).toBe('/api/sessions/s1/inspect?views=processes,maps&pid=42');
  });
});

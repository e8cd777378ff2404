/**
 * The System calls tab's memory: the newest traced calls and notices, at
 * most `capacity`, each once (a reconnected stream sends its recent events
 * again), in the order they happened. Pure: no DOM.
 */
import type { SyscallEvent, TraceNotice, TraceTarget } from '../../../common/src/inspect-api.js';

export type TraceLine =
  | { kind: 'call'; seq: number; event: SyscallEvent }
  | { kind: 'notice'; seq: number; notice: TraceNotice };

export interface LogUpdate {
  /** In order; already trimmed to capacity. */
  added: TraceLine[];
  /** How many of the oldest lines fell out to make room. */
  dropped: number;
}

export class SyscallLog {
  private items: TraceLine[] = [];
  private lastCall = 0;
  private lastNotice = 0;
  /** Lines that fell out since the last reset, to say that older ones are gone. */
  droppedTotal = 0;
  /** Calls the server counted but did not send (a burst faster than a page can show). */
  skippedTotal = 0;

  constructor(readonly capacity: number) {}

  get lines(): readonly TraceLine[] {
    return this.items;
  }

  /** The highest number seen; a trace whose count is below it is a new one. */
  get highestSeq(): number {
    return Math.max(this.lastCall, this.lastNotice);
  }

  /** `skipped`: calls the server left out of the stream because they came too fast (still in its summary). */
  add(events: readonly SyscallEvent[], notices: readonly TraceNotice[], skipped = 0): LogUpdate {
    const fresh: TraceLine[] = [
      ...events.filter((e) => e.seq > this.lastCall).map((event): TraceLine => ({ kind: 'call', seq: event.seq, event })),
      ...notices.filter((n) => n.seq > this.lastNotice).map((notice): TraceLine => ({ kind: 'notice', seq: notice.seq, notice })),
    ];
    // Calls and notices may be numbered apart; strace's timestamps order them
    // both (within a day, which a lab is), the numbers break ties.
    fresh.sort((a, b) => compareText(lineTime(a), lineTime(b)) || a.seq - b.seq);
    for (const line of fresh) {
      if (line.kind === 'call') this.lastCall = Math.max(this.lastCall, line.seq);
      else this.lastNotice = Math.max(this.lastNotice, line.seq);
    }
    const added = fresh.slice(-this.capacity);
    this.items.push(...added);
    const dropped = Math.max(0, this.items.length - this.capacity);
    this.items.splice(0, dropped);
    this.droppedTotal += dropped + (fresh.length - added.length);
    this.skippedTotal += skipped;
    return { added, dropped };
  }

  /** A new trace numbers its events from the start again. */
  reset(): void {
    this.items = [];
    this.lastCall = 0;
    this.lastNotice = 0;
    this.droppedTotal = 0;
    this.skippedTotal = 0;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lineTime(line: TraceLine): string {
  return line.kind === 'call' ? line.event.time : line.notice.time;
}

/** `openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = -1 ENOENT (No such file or directory)`, as strace prints it. */
export function lineText(line: TraceLine): string {
  if (line.kind === 'notice') return line.notice.text;
  const e = line.event;
  return `${e.name}(${e.args}) = ${e.result}${e.error ? ` ${e.error}` : ''}`;
}

/**
 * What the filter box matches: a plain word matches the call's name or
 * anywhere in its text, case-insensitively; several words (spaces, commas or
 * `|`) match any of them, so `open read` shows both families.
 */
export function compileFilter(text: string): (line: TraceLine) => boolean {
  const words = text.toLowerCase().split(/[\s,|]+/).filter((w) => w !== '');
  if (words.length === 0) return () => true;
  return (line) => {
    const haystack = `${line.kind === 'call' ? line.event.pid : line.notice.pid} ${lineText(line)}`.toLowerCase();
    return words.some((w) => haystack.includes(w));
  };
}

/** `12 µs`, `3.4 ms`, `1.20 s`. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

export function describeTarget(target: TraceTarget | null): string {
  if (!target) return 'nothing';
  return target.kind === 'shell' ? 'everything the shell starts' : `process ${target.pid} and its children`;
}

export function sameTarget(a: TraceTarget | null, b: TraceTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && (a.kind === 'shell' || (b.kind === 'pid' && a.pid === b.pid));
}

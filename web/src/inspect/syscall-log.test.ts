import { describe, expect, it } from 'vitest';
import type { SyscallEvent, TraceNotice } from '../../../common/src/inspect-api.js';
import { compileFilter, formatDuration, lineText, SyscallLog } from './syscall-log.js';

function call(seq: number, name = 'read', more: Partial<SyscallEvent> = {}): SyscallEvent {
  return { seq, pid: 7, time: `10:00:00.${String(seq).padStart(6, '0')}`, name, args: '0, "x", 1', result: '1', error: null, durationUs: 5, ...more };
}

function notice(seq: number, time: string, text: string): TraceNotice {
  return { seq, pid: 7, time, text };
}

describe('SyscallLog', () => {
  it('keeps each event once when a reconnected stream sends them again', () => {
    const log = new SyscallLog(100);
    expect(log.add([call(1), call(2)], []).added).toHaveLength(2);
    expect(log.add([call(2), call(3)], []).added.map((l) => l.seq)).toEqual([3]);
    expect(log.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('merges notices in by time', () => {
    const log = new SyscallLog(100);
    log.add([call(1), call(3)], [notice(1, '10:00:00.000002', '--- SIGCHLD ---')]);
    expect(log.lines.map((l) => l.kind)).toEqual(['call', 'notice', 'call']);
  });

  it('keeps only the newest `capacity` lines and counts the rest', () => {
    const log = new SyscallLog(3);
    log.add([call(1), call(2)], []);
    const update = log.add([call(3), call(4), call(5), call(6), call(7)], []);
    expect(update.added.map((l) => l.seq)).toEqual([5, 6, 7]);
    expect(update.dropped).toBe(2);
    expect(log.lines.map((l) => l.seq)).toEqual([5, 6, 7]);
    expect(log.droppedTotal).toBe(4);
  });

  it('starts over on reset, accepting low numbers again', () => {
    const log = new SyscallLog(10);
    log.add([call(5)], []);
    log.reset();
    expect(log.add([call(1)], []).added).toHaveLength(1);
  });
});

describe('text and filter', () => {
  it('prints a call as strace does', () => {
    const failed = call(1, 'openat', { args: 'AT_FDCWD, "/nope", O_RDONLY', result: '-1', error: 'ENOENT (No such file or directory)' });
    expect(lineText({ kind: 'call', seq: 1, event: failed })).toBe('openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)');
  });

  it('matches any of several words, case-insensitively, in the name, text or pid', () => {
    const lines = [call(1, 'openat'), call(2, 'read'), call(3, 'getdents64'), call(4, 'write', { error: 'EPIPE (Broken pipe)', pid: 99 })]
      .map((event) => ({ kind: 'call' as const, seq: event.seq, event }));
    const names = (filter: string) => lines.filter(compileFilter(filter)).map((l) => l.event.name);
    expect(names('')).toEqual(['openat', 'read', 'getdents64', 'write']);
    expect(names('OPEN getdents')).toEqual(['openat', 'getdents64']);
    expect(names('epipe')).toEqual(['write']);
    expect(names('99')).toEqual(['write']);
  });

  it('formats durations', () => {
    expect(formatDuration(12)).toBe('12 µs');
    expect(formatDuration(3400)).toBe('3.40 ms');
    expect(formatDuration(45_600)).toBe('45.6 ms');
    expect(formatDuration(1_200_000)).toBe('1.20 s');
  });
});

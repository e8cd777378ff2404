import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../common/src/inspect-api.js';
import { buildProcessTree, commandLine, defaultProcess, interactiveShell, nonEmptySignalSets, shortSignalName, stateLabel } from './process-tree.js';

const noSignals = { blocked: [], ignored: [], caught: [], pending: [] };

function proc(pid: number, ppid: number, more: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid, ppid, pgid: pid, sid: 0, state: 'S', comm: 'x', argv: ['x'], foreground: false, threads: 1, rssKiB: 100, signals: noSignals,
    ...more,
  };
}

describe('buildProcessTree', () => {
  it('puts children under their parent in pid order, with pstree guides', () => {
    // bwrap's init (1) → bash (2) → sleep (5) | cat (6), and a background job (4) with a child (7).
    const rows = buildProcessTree([proc(6, 2), proc(1, 0), proc(5, 2), proc(2, 1), proc(4, 2), proc(7, 4)]);
    expect(rows.map((r) => [r.process.pid, r.depth, r.guide])).toEqual([
      [1, 0, ''],
      [2, 1, '└─ '],
      [4, 2, '   ├─ '],
      [7, 3, '   │  └─ '],
      [5, 2, '   ├─ '],
      [6, 2, '   └─ '],
    ]);
  });

  it('makes a root of a process whose parent is not listed (an orphan, or pid 1)', () => {
    const rows = buildProcessTree([proc(9, 3), proc(2, 1)]);
    expect(rows.map((r) => [r.process.pid, r.depth])).toEqual([[2, 0], [9, 0]]);
  });

  it('draws every process once even on a parent loop (a reused pid between reads)', () => {
    const rows = buildProcessTree([proc(3, 4), proc(4, 3), proc(5, 5)]);
    expect(rows.map((r) => r.process.pid).sort()).toEqual([3, 4, 5]);
  });
});

describe('labels', () => {
  it('names the states and falls back for unknown letters', () => {
    expect(['R', 'S', 'D', 'T', 't', 'Z', 'I', '?'].map(stateLabel)).toEqual(['running', 'sleeping', 'disk wait', 'stopped', 'traced', 'zombie', 'idle', 'unknown']);
  });

  it('shows the command line, or [comm] for a zombie', () => {
    expect(commandLine(proc(5, 2, { argv: ['sleep', '100'] }))).toBe('sleep 100');
    expect(commandLine(proc(5, 2, { comm: 'child', argv: [], state: 'Z' }))).toBe('[child]');
  });

  it('shortens signal names and lists only the non-empty sets, pending first', () => {
    expect(shortSignalName('SIGTERM')).toBe('TERM');
    expect(shortSignalName('SIGRTMIN+2')).toBe('RTMIN+2');
    expect(nonEmptySignalSets({ blocked: ['SIGTERM'], ignored: [], caught: ['SIGINT', 'SIGCHLD'], pending: ['SIGTERM'] })).toEqual([
      { set: 'pending', names: ['SIGTERM'] },
      { set: 'blocked', names: ['SIGTERM'] },
      { set: 'caught', names: ['SIGINT', 'SIGCHLD'] },
    ]);
  });
});

describe('defaultProcess', () => {
  const init = proc(1, 0, { comm: 'bwrap', pgid: 1 });
  it('is the shell at the prompt', () => {
    const bash = proc(2, 1, { comm: 'bash', foreground: true });
    expect(defaultProcess([init, bash])?.pid).toBe(2);
    expect(interactiveShell([init, bash])?.pid).toBe(2);
  });

  it('is the leader of the foreground pipeline while one runs', () => {
    const bash = proc(2, 1, { comm: 'bash' });
    const sleep = proc(5, 2, { comm: 'sleep', pgid: 5, foreground: true });
    const cat = proc(6, 2, { comm: 'cat', pgid: 5, foreground: true });
    expect(defaultProcess([init, bash, cat, sleep])?.pid).toBe(5);
  });

  it('is the job the shell started last when nothing but the shell is in the foreground', () => {
    const bash = proc(2, 1, { comm: 'bash', foreground: true });
    const older = proc(7, 2, { comm: 'sleep', pgid: 7 });
    const layout = proc(9, 2, { comm: 'layout', pgid: 9 });
    const cat = proc(10, 9, { comm: 'cat', pgid: 9 });
    const zombie = proc(11, 2, { comm: 'x', pgid: 11, state: 'Z' });
    expect(defaultProcess([init, bash, older, layout, cat, zombie])?.pid).toBe(9);
  });

  it('prefers a real session leader in the foreground session when the namespace shows one', () => {
    const bash = proc(2, 1, { comm: 'bash', sid: 2, foreground: true });
    const other = proc(3, 1, { comm: 'sh', sid: 3 });
    expect(interactiveShell([init, other, bash])?.pid).toBe(2);
  });

  it('is null for no processes', () => {
    expect(defaultProcess([])).toBeNull();
  });
});

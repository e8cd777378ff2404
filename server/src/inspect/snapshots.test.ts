/** The processes and IPC views built from snapshots captured in a real sandbox (proc/samples/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IpcGraph } from '../../../common/src/inspect-api.js';
import { parseIpcSnapshot } from './ipc-graph.js';
import { parseProcessSnapshot } from './process-list.js';

const sample = (name: string) => readFileSync(new URL(`./proc/samples/${name}`, import.meta.url), 'utf8');

describe('processes view', () => {
  const processes = parseProcessSnapshot(sample('process-snapshot.txt'));
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  // ps ran a moment later, as an independent reference.
  const ps = sample('ps-reference.txt').split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/));

  it('lists exactly the learner\'s processes: pid 1 and its descendants, not the reader', () => {
    const learner = [1];
    for (const [pid, ppid] of ps) if (learner.includes(Number(ppid))) learner.push(Number(pid));
    expect(processes.map((p) => p.pid)).toEqual(learner);
  });

  it('gives ppid, group, session, state and the foreground group as ps does', () => {
    for (const [pid, ppid, pgid, sid, tpgid, stat] of ps) {
      const p = byPid.get(Number(pid));
      if (!p) continue;
      expect(p, `pid ${pid}`).toMatchObject({ ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid), state: stat![0] });
      // ps marks the foreground group with "+"; pid 1 is not in the terminal's session inside the sandbox.
      expect(p.foreground, `pid ${pid} foreground`).toBe(Number(tpgid) === Number(pgid) && Number(tpgid) > 0);
    }
    expect(byPid.get(2)!.foreground).toBe(true);
    expect(byPid.get(7)!.foreground).toBe(false);
    expect(byPid.get(13)!.state).toBe('T');
  });

  it('keeps odd command names and the argv', () => {
    const odd = processes.find((p) => p.comm === 'we(ird) )na me')!;
    expect(odd.argv).toEqual(['./we(ird) )na me', '100']);
    expect(processes.find((p) => p.comm === 'python3')!.argv.slice(0, 2)).toEqual(['python3', '-c']);
  });

  it('decodes dispositions into names', () => {
    const py = processes.find((p) => p.comm === 'python3')!;
    expect(py.signals.caught).toEqual(['SIGINT', 'SIGTERM']);
    expect(py.signals.blocked).toEqual(['SIGUSR2']);
    expect(py.signals.pending).toEqual(['SIGUSR2']);
    expect(py.signals.ignored).toContain('SIGUSR1');
    expect(py.rssKiB).toBeGreaterThan(1000);
  });
});

describe('IPC view', () => {
  const graph = parseIpcSnapshot(sample('ipc-snapshot.txt'));
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edgesTo = (g: IpcGraph, id: string) => g.edges.filter((e) => e.to === id).map((e) => `${e.from} fd${e.fd ?? '-'} ${e.mode}`).sort();
  const pidOf = (comm: RegExp) => graph.nodes.find((n) => n.kind === 'process' && comm.test(n.label))!.pid!;

  it('joins sleep and cat by one pipe: sleep writes on fd 1, cat reads on fd 0', () => {
    const pipes = graph.nodes.filter((n) => n.kind === 'pipe' && edgesTo(graph, n.id).length === 2);
    const sleepCat = pipes.filter((n) => edgesTo(graph, n.id).join() === ['p:7 fd1 w', 'p:8 fd0 r'].join());
    expect(sleepCat).toHaveLength(1);
    expect(node('p:7')!.label).toBe('sleep 100');
  });

  it('shows a socketpair and a loopback TCP connection as one node each, and the listeners', () => {
    const py = pidOf(/^python3/);
    const pair = graph.nodes.filter((n) => n.kind === 'unix' && n.label === 'unix socketpair');
    expect(pair).toHaveLength(1);
    expect(edgesTo(graph, pair[0]!.id)).toEqual([`p:${py} fd3 rw`, `p:${py} fd4 rw`]);
    const conn = graph.nodes.filter((n) => n.kind === 'tcp' && n.label.includes('⇄'));
    expect(conn).toHaveLength(1);
    expect(conn[0]!.label).toMatch(/127\.0\.0\.1:8080/);
    expect(edgesTo(graph, conn[0]!.id)).toEqual([`p:${py} fd6 rw`, `p:${py} fd7 rw`]);
    expect(graph.nodes.find((n) => n.label === 'tcp 127.0.0.1:8080')?.detail).toBe('LISTEN');
    expect(graph.nodes.find((n) => n.label === 'unix /tmp/srv.sock')?.detail).toBe('stream, listening');
  });

  it('shows a FIFO, shared memory by descriptor and by mapping, a POSIX queue and System V objects', () => {
    const py = pidOf(/^python3/);
    const mq = pidOf(/mqdemo/);
    expect(edgesTo(graph, 'fifo:/tmp/ff')).toEqual(['p:12 fd3 rw']);
    expect(edgesTo(graph, 'shm:/counter')).toEqual([`p:${py} fd- rw`, `p:${py} fd10 rw`, `p:${py} fd9 rw`].sort());
    expect(node('shm:/counter')!.detail).toBe('4096 bytes');
    expect(edgesTo(graph, 'mq:/jobs')).toEqual([`p:${mq} fd3 rw`]);
    expect(node('mq:/jobs')!.detail).toBe('2 bytes queued');
    expect(edgesTo(graph, 'sysv-shm:0x00001234')).toEqual([`p:${mq} fd- rw`]);
    expect(graph.nodes.filter((n) => n.kind === 'sysv-msg')).toHaveLength(1);
  });

  it('draws only processes that hold something, and none that are not the learner\'s', () => {
    const procs = graph.nodes.filter((n) => n.kind === 'process');
    for (const p of procs) expect(graph.edges.some((e) => e.from === p.id), p.label).toBe(true);
    expect(procs.some((p) => /^(find|head|grep|ss|sh)\b/.test(p.label))).toBe(false);
    for (const e of graph.edges) expect(graph.nodes.some((n) => n.id === e.to), e.to).toBe(true);
  });
});

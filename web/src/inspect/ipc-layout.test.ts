import { describe, expect, it } from 'vitest';
import type { IpcGraph } from '../../../common/src/inspect-api.js';
import { DEFAULT_IPC_LAYOUT, layoutIpcGraph, mergeEdges } from './ipc-layout.js';

const bash = { id: 'p:2', kind: 'process', label: 'bash', pid: 2 } as const;

function columnsOf(graph: IpcGraph): string[][] {
  const layout = layoutIpcGraph(graph);
  const columns: string[][] = [];
  for (const n of [...layout.nodes].sort((a, b) => a.y - b.y)) (columns[n.column] ??= []).push(n.node.id);
  return columns;
}

describe('layoutIpcGraph', () => {
  it('draws `sleep 100 | cat` as writer → pipe → reader, with the fds on the edges and arrows the way data flows', () => {
    const graph: IpcGraph = {
      nodes: [
        bash,
        { id: 'p:6', kind: 'process', label: 'cat', pid: 6 },
        { id: 'p:5', kind: 'process', label: 'sleep 100', pid: 5 },
        { id: 'pipe:4031', kind: 'pipe', label: 'pipe:[4031]' },
      ],
      edges: [
        { from: 'p:6', to: 'pipe:4031', fd: 0, mode: 'r' },
        { from: 'p:5', to: 'pipe:4031', fd: 1, mode: 'w' },
      ],
    };
    const layout = layoutIpcGraph(graph);
    expect(columnsOf(graph)).toEqual([['p:5'], ['pipe:4031'], ['p:6']]);
    expect(layout.isolated.map((n) => n.id)).toEqual(['p:2']);
    const sleepEdge = layout.edges.find((e) => e.process === 'p:5')!;
    const catEdge = layout.edges.find((e) => e.process === 'p:6')!;
    expect([sleepEdge.label, sleepEdge.arrowAt]).toEqual(['fd 1 w', 'to']);
    expect([catEdge.label, catEdge.arrowAt]).toEqual(['fd 0 r', 'to']);
    // Edges run from the right side of the left node to the left side of the right one.
    const pipe = layout.nodes.find((n) => n.node.id === 'pipe:4031')!;
    expect(sleepEdge.to).toEqual({ x: pipe.x, y: pipe.y + pipe.height / 2 });
    expect(catEdge.from).toEqual({ x: pipe.x + pipe.width, y: pipe.y + pipe.height / 2 });
    expect(layout.width).toBe(2 * DEFAULT_IPC_LAYOUT.margin + 3 * DEFAULT_IPC_LAYOUT.nodeWidth + 2 * DEFAULT_IPC_LAYOUT.columnGap);
  });

  it('lays a three-stage pipeline out in one row', () => {
    const graph: IpcGraph = {
      nodes: [
        { id: 'p:3', kind: 'process', label: 'a', pid: 3 },
        { id: 'p:4', kind: 'process', label: 'b', pid: 4 },
        { id: 'p:5', kind: 'process', label: 'c', pid: 5 },
        { id: 'pipe:1', kind: 'pipe', label: 'pipe' },
        { id: 'pipe:2', kind: 'pipe', label: 'pipe' },
      ],
      edges: [
        { from: 'p:3', to: 'pipe:1', fd: 1, mode: 'w' },
        { from: 'p:4', to: 'pipe:1', fd: 0, mode: 'r' },
        { from: 'p:4', to: 'pipe:2', fd: 1, mode: 'w' },
        { from: 'p:5', to: 'pipe:2', fd: 0, mode: 'r' },
      ],
    };
    expect(columnsOf(graph)).toEqual([['p:3'], ['pipe:1'], ['p:4'], ['pipe:2'], ['p:5']]);
    const layout = layoutIpcGraph(graph);
    expect(new Set(layout.nodes.map((n) => n.y)).size).toBe(1);
  });

  it('puts the two peers of a socket on either side of it, arrows both ways', () => {
    const graph: IpcGraph = {
      nodes: [
        { id: 'p:7', kind: 'process', label: 'server', pid: 7 },
        { id: 'p:8', kind: 'process', label: 'client', pid: 8 },
        { id: 'unix:900', kind: 'unix', label: '/tmp/sock' },
      ],
      edges: [
        { from: 'p:8', to: 'unix:900', fd: 3, mode: 'rw' },
        { from: 'p:7', to: 'unix:900', fd: 4, mode: 'rw' },
      ],
    };
    expect(columnsOf(graph)).toEqual([['p:7'], ['unix:900'], ['p:8']]);
    expect(layoutIpcGraph(graph).edges.every((e) => e.arrowAt === 'both')).toBe(true);
  });

  it('survives a cycle (a process reading the pipe it writes) and draws every edge', () => {
    const graph: IpcGraph = {
      nodes: [{ id: 'p:3', kind: 'process', label: 'a', pid: 3 }, { id: 'pipe:1', kind: 'pipe', label: 'pipe' }],
      edges: [{ from: 'p:3', to: 'pipe:1', fd: 3, mode: 'r' }, { from: 'p:3', to: 'pipe:1', fd: 4, mode: 'w' }],
    };
    const layout = layoutIpcGraph(graph);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.map((e) => e.label).sort()).toEqual(['fd 3 r', 'fd 4 w']);
    expect(new Set(layout.nodes.map((n) => n.column)).size).toBe(2);
  });

  it('keeps resources nobody holds, and an empty graph is empty', () => {
    const lonely = layoutIpcGraph({ nodes: [{ id: 'fifo:1', kind: 'fifo', label: '/tmp/f' }, bash], edges: [] });
    expect(lonely.nodes.map((n) => [n.node.id, n.column])).toEqual([['fifo:1', 0]]);
    expect(layoutIpcGraph({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [], width: 0, height: 0 });
  });

  it('ignores edges to nodes it was not sent', () => {
    expect(layoutIpcGraph({ nodes: [bash], edges: [{ from: 'p:2', to: 'pipe:9', fd: 1, mode: 'w' }] }).edges).toEqual([]);
  });

  it('orders a column to follow its neighbours, so two pipelines do not cross', () => {
    const graph: IpcGraph = {
      nodes: [
        { id: 'p:3', kind: 'process', label: 'a', pid: 3 },
        { id: 'p:4', kind: 'process', label: 'b', pid: 4 },
        { id: 'p:5', kind: 'process', label: 'c', pid: 5 },
        { id: 'p:6', kind: 'process', label: 'd', pid: 6 },
        { id: 'pipe:1', kind: 'pipe', label: 'pipe' },
        { id: 'pipe:2', kind: 'pipe', label: 'pipe' },
      ],
      // a → pipe:2 → d, b → pipe:1 → c
      edges: [
        { from: 'p:3', to: 'pipe:2', fd: 1, mode: 'w' },
        { from: 'p:6', to: 'pipe:2', fd: 0, mode: 'r' },
        { from: 'p:4', to: 'pipe:1', fd: 1, mode: 'w' },
        { from: 'p:5', to: 'pipe:1', fd: 0, mode: 'r' },
      ],
    };
    expect(columnsOf(graph)).toEqual([['p:3', 'p:4'], ['pipe:2', 'pipe:1'], ['p:6', 'p:5']]);
  });
});

describe('mergeEdges', () => {
  it('joins the descriptors of one process on one resource in one mode', () => {
    expect(mergeEdges([
      { from: 'p:3', to: 'pipe:1', fd: 2, mode: 'w' },
      { from: 'p:3', to: 'pipe:1', fd: 1, mode: 'w' },
      { from: 'p:3', to: 'shm:/x', fd: null, mode: 'rw' },
    ]).map((e) => e.label)).toEqual(['fd 1,2 w', 'mmap rw']);
  });
});

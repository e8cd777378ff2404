/**
 * A layered layout for the IPC graph, left to right in the direction data
 * flows: a writer, then the pipe, then its reader (`a | b | c` reads as a
 * row). Every edge joins a process and a resource, so columns alternate
 * between them. Longest-path layering, then a few barycentre sweeps to
 * untangle each column (the usual Sugiyama steps, small enough for the
 * dozen nodes a lab makes). Pure: no DOM.
 */
import type { IpcEdge, IpcGraph, IpcMode, IpcNode } from '../../../common/src/inspect-api.js';

export interface IpcLayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal room between columns, where edges and their labels go. */
  columnGap: number;
  rowGap: number;
  margin: number;
}

export const DEFAULT_IPC_LAYOUT: IpcLayoutOptions = {
  nodeWidth: 156,
  nodeHeight: 44,
  columnGap: 84,
  rowGap: 18,
  margin: 16,
};

export interface PlacedNode {
  node: IpcNode;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One line between a process and a resource; descriptors with the same mode are merged into one. */
export interface PlacedEdge {
  process: string;
  resource: string;
  mode: IpcMode;
  /** Sorted; empty for a mapping without a descriptor. */
  fds: number[];
  /** `fd 1 w`, `fd 0,2 r`, `mmap rw`. */
  label: string;
  /** Endpoints on the nodes' sides; `from` is the left one. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  /** Which end the data arrives at; both for rw. */
  arrowAt: 'from' | 'to' | 'both';
}

export interface IpcLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Processes with no IPC at all: listed, not drawn, so the graph stays about what connects. */
  isolated: IpcNode[];
  width: number;
  height: number;
}

const SWEEPS = 4;

export function layoutIpcGraph(graph: IpcGraph, options: IpcLayoutOptions = DEFAULT_IPC_LAYOUT): IpcLayout {
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = mergeEdges(graph.edges.filter((e) => nodesById.has(e.from) && nodesById.has(e.to) && e.from !== e.to));
  const linked = new Set(edges.flatMap((e) => [e.process, e.resource]));
  const isolated = graph.nodes.filter((n) => n.kind === 'process' && !linked.has(n.id)).sort(byNodeOrder);
  const drawn = graph.nodes.filter((n) => n.kind !== 'process' || linked.has(n.id)).sort(byNodeOrder);

  const flows = flowEdges(edges);
  const column = assignColumns(drawn, flows);
  const columns = orderColumns(drawn, column, flows);

  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = options;
  const tallest = Math.max(0, ...columns.map((c) => c.length));
  const innerHeight = tallest === 0 ? 0 : tallest * nodeHeight + (tallest - 1) * rowGap;
  const placed = new Map<string, PlacedNode>();
  columns.forEach((ids, c) => {
    const own = ids.length * nodeHeight + Math.max(0, ids.length - 1) * rowGap;
    const top = margin + (innerHeight - own) / 2;
    ids.forEach((id, row) => {
      placed.set(id, {
        node: nodesById.get(id)!,
        column: c,
        x: margin + c * (nodeWidth + columnGap),
        y: top + row * (nodeHeight + rowGap),
        width: nodeWidth,
        height: nodeHeight,
      });
    });
  });

  const placedEdges = edges.map((e): PlacedEdge => {
    const p = placed.get(e.process)!;
    const r = placed.get(e.resource)!;
    const processLeft = p.x <= r.x;
    const [left, right] = processLeft ? [p, r] : [r, p];
    const from = { x: left.x + left.width, y: left.y + left.height / 2 };
    // Joined nodes are never in one column (layering puts every kept edge across
    // columns, a dropped one backwards); should it happen, loop round the right side.
    const to = { x: left.x === right.x ? right.x + right.width : right.x, y: right.y + right.height / 2 };
    // Data goes into the resource on w and out of it on r.
    const intoResource = e.mode === 'w';
    const arrowAt = e.mode === 'rw' ? 'both' : (intoResource === processLeft ? 'to' : 'from');
    return { ...e, from, to, arrowAt };
  });

  const width = columns.length === 0 ? 0 : 2 * margin + columns.length * nodeWidth + (columns.length - 1) * columnGap;
  const height = tallest === 0 ? 0 : 2 * margin + innerHeight;
  return { nodes: [...placed.values()], edges: placedEdges, isolated, width, height };
}

type MergedEdge = Pick<PlacedEdge, 'process' | 'resource' | 'mode' | 'fds' | 'label'>;

/** fd 1 and fd 2 of one process on the same pipe (`2>&1`) are one line labelled `fd 1,2 w`. */
export function mergeEdges(edges: readonly IpcEdge[]): MergedEdge[] {
  const merged = new Map<string, MergedEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.mode}`;
    const entry = merged.get(key) ?? { process: e.from, resource: e.to, mode: e.mode, fds: [], label: '' };
    if (e.fd !== null && !entry.fds.includes(e.fd)) entry.fds.push(e.fd);
    merged.set(key, entry);
  }
  return [...merged.values()].map((e) => {
    const fds = e.fds.sort((a, b) => a - b);
    return { ...e, fds, label: `${fds.length > 0 ? `fd ${fds.join(',')}` : 'mmap'} ${e.mode}` };
  });
}

/** Edges oriented as data flows, for layering. */
interface Flow {
  from: string;
  to: string;
}

/**
 * w: process → resource; r: resource → process. A read-write end has no
 * direction, so the first process on a resource goes before it and the
 * others after it: a socket's two peers end up on either side.
 */
function flowEdges(edges: readonly MergedEdge[]): Flow[] {
  const hasFirst = new Set<string>();
  const flows: Flow[] = [];
  const ordered = [...edges].sort((a, b) => compareIds(a.process, b.process) || modeOrder(a.mode) - modeOrder(b.mode));
  for (const e of ordered) {
    if (e.mode === 'w') {
      flows.push({ from: e.process, to: e.resource });
      hasFirst.add(e.resource);
    } else if (e.mode === 'r') {
      flows.push({ from: e.resource, to: e.process });
    } else if (!hasFirst.has(e.resource)) {
      hasFirst.add(e.resource);
      flows.push({ from: e.process, to: e.resource });
    } else {
      flows.push({ from: e.resource, to: e.process });
    }
  }
  return flows;
}

function modeOrder(mode: IpcMode): number {
  return mode === 'w' ? 0 : mode === 'rw' ? 1 : 2;
}

/** Longest path from a source, ignoring the edges that close a cycle (found by depth-first search). */
function assignColumns(nodes: readonly IpcNode[], flows: readonly Flow[]): Map<string, number> {
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) out.get(f.from)?.push(f.to);
  const state = new Map<string, 'active' | 'done'>();
  const kept = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const dfs = (id: string): void => {
    state.set(id, 'active');
    for (const next of out.get(id) ?? []) {
      const s = state.get(next);
      if (s === 'active') continue; // a back edge: drop it for layering
      kept.get(id)!.push(next);
      if (s === undefined) dfs(next);
    }
    state.set(id, 'done');
  };
  for (const n of nodes) if (!state.has(n.id)) dfs(n.id);

  const indegree = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const targets of kept.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const column = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const t of kept.get(id)!) {
      column.set(t, Math.max(column.get(t)!, column.get(id)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }
  // A resource nobody holds (a FIFO on disk, a segment no one attached) sits with the resources.
  for (const n of nodes) if (n.kind !== 'process' && (out.get(n.id)?.length ?? 0) === 0 && !flows.some((f) => f.to === n.id)) column.set(n.id, 1);
  return column;
}

/** Columns of node ids, each ordered to put nodes near the ones they connect to. */
function orderColumns(nodes: readonly IpcNode[], column: Map<string, number>, flows: readonly Flow[]): string[][] {
  const count = Math.max(-1, ...column.values()) + 1;
  const columns: string[][] = Array.from({ length: count }, () => []);
  for (const n of nodes) columns[column.get(n.id)!]!.push(n.id);
  compact(columns, column);
  const neighbours = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    neighbours.get(f.from)?.push(f.to);
    neighbours.get(f.to)?.push(f.from);
  }
  const position = new Map<string, number>();
  const index = (): void => columns.forEach((ids) => ids.forEach((id, i) => position.set(id, i)));
  index();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const forward = sweep % 2 === 0;
    const order = forward ? columns.map((_, i) => i) : columns.map((_, i) => columns.length - 1 - i);
    for (const c of order) {
      const side = forward ? c - 1 : c + 1;
      const ids = columns[c]!;
      const centre = new Map<string, number>();
      for (const id of ids) {
        const adjacent = neighbours.get(id)!.filter((n) => column.get(n) === side).map((n) => position.get(n)!);
        centre.set(id, adjacent.length > 0 ? adjacent.reduce((a, b) => a + b, 0) / adjacent.length : position.get(id)!);
      }
      // Stable: ties keep the current order.
      ids.sort((a, b) => centre.get(a)! - centre.get(b)! || position.get(a)! - position.get(b)!);
      ids.forEach((id, i) => position.set(id, i));
    }
  }
  return columns;
}

/** Drops empty columns (a lone FIFO with no process linked at all) and renumbers. */
function compact(columns: string[][], column: Map<string, number>): void {
  for (let c = columns.length - 1; c >= 0; c--) if (columns[c]!.length === 0) columns.splice(c, 1);
  columns.forEach((ids, c) => ids.forEach((id) => column.set(id, c)));
}

/** Processes by pid, the rest by id: the same graph always draws the same way. */
function byNodeOrder(a: IpcNode, b: IpcNode): number {
  if (a.kind === 'process' && b.kind === 'process') return (a.pid ?? 0) - (b.pid ?? 0) || compareIds(a.id, b.id);
  if (a.kind === 'process') return -1;
  if (b.kind === 'process') return 1;
  return compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

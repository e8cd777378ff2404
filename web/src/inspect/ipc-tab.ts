/**
 * IPC: which processes talk through what. Processes and the pipes, FIFOs,
 * sockets, shared memory and queues between them, laid out left to right
 * as data flows (ipc-layout.ts); each edge carries the descriptor number
 * and its direction, arrows pointing where the data goes.
 */
import type { InspectorView, IpcGraph, IpcNodeKind } from '../../../common/src/inspect-api.js';
import { DisposableStore } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { InspectorContext, InspectorTab, StreamRequest } from './inspector-tab.js';
import type { InspectorEvent } from './inspector-stream.js';
import type { IpcLayout, PlacedEdge, PlacedNode } from './ipc-layout.js';
import { layoutIpcGraph } from './ipc-layout.js';
import { svg, svgTitle, truncate } from './svg-builder.js';

const KIND_LABELS: Record<IpcNodeKind, string> = {
  process: 'process',
  pipe: 'pipe',
  fifo: 'FIFO',
  unix: 'unix socket',
  tcp: 'TCP socket',
  udp: 'UDP socket',
  shm: 'POSIX shm',
  mq: 'message queue',
  'sysv-shm': 'System V shm',
  'sysv-msg': 'System V queue',
};

/** Monospace advance at the title's 12px and the detail's 11px (styles.css), with a little slack. */
const TITLE_CHAR_WIDTH = 7.3;
const DETAIL_CHAR_WIDTH = 6.7;
/** A label's box: 11px monospace. */
const LABEL_CHAR_WIDTH = 6.8;
/** Room kept free at each side of a node's text. */
const NODE_TEXT_INSET = 8;

export class IpcTab implements InspectorTab {
  readonly view: InspectorView = 'ipc';
  private readonly disposables = new DisposableStore();
  private readonly drawing = el('div', { className: 'ipc-drawing', testId: 'ipc-graph' });
  private readonly isolated = el('p', { className: 'ipc-isolated', testId: 'ipc-isolated' });
  private readonly message = el('p', { className: 'inspector-empty', testId: 'ipc-message' });
  private readonly summary = el('span', { className: 'inspector-summary', testId: 'ipc-summary' });
  private signature = '';
  private root: HTMLElement | null = null;

  constructor(private readonly context: InspectorContext) {}

  activate(host: HTMLElement): void {
    this.root = el('div', { className: 'inspector-tab ipc-tab', testId: 'ipc-tab' },
      el('div', { className: 'inspector-toolbar' },
        this.summary,
        el('span', { className: 'spacer' }),
        el('span', { className: 'muted ipc-key', text: 'fd N w: writes into it · fd N r: reads from it · arrows show where data flows' }),
      ),
      this.message,
      el('div', { className: 'inspector-scroll' }, this.drawing, this.isolated),
    );
    this.message.textContent = 'Waiting for the IPC graph…';
    host.append(this.root);
    this.disposables.listen(this.drawing, 'click', (event) => {
      const pid = Number((event.target as Element).closest<SVGElement>('[data-pid]')?.dataset.pid);
      if (pid > 0) this.context.selection.select(pid);
    });
  }

  streamRequest(): StreamRequest {
    return { views: ['ipc'] };
  }

  receive(event: InspectorEvent): void {
    if (event.name === 'ipc') this.show(event.data);
  }

  dispose(): void {
    this.disposables.dispose();
    this.root?.remove();
    this.root = null;
  }

  private show(graph: IpcGraph): void {
    // Unchanged graphs (the usual case) leave the drawing alone.
    const signature = JSON.stringify(graph);
    if (signature === this.signature) return;
    this.signature = signature;
    const layout = layoutIpcGraph(graph);
    const resources = layout.nodes.filter((n) => n.node.kind !== 'process').length;
    const processes = layout.nodes.length - resources;
    this.summary.textContent = `${processes} connected ${processes === 1 ? 'process' : 'processes'} · ${resources} ${resources === 1 ? 'channel' : 'channels'}`;
    this.message.hidden = layout.nodes.length > 0;
    this.message.textContent = 'No pipes, sockets, shared memory or queues between processes right now. Try `sleep 100 | cat`.';
    this.drawing.replaceChildren(...(layout.nodes.length > 0 ? [drawGraph(layout)] : []));
    this.isolated.replaceChildren(...(layout.isolated.length > 0 ? [
      el('span', { className: 'muted', text: 'Not connected to anything: ' }),
      ...layout.isolated.map((n) => el('span', { className: 'ipc-isolated-process', text: `${n.pid ?? ''} ${n.label}`.trim(), attrs: { title: n.detail ?? n.label } })),
    ] : []));
  }
}

function drawGraph(layout: IpcLayout): SVGSVGElement {
  const drawing = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'ipc-svg', role: 'img', 'aria-label': 'IPC graph' },
    // One arrowhead per mode, coloured like its lines (context-stroke is not everywhere yet).
    svg('defs', {}, ...(['r', 'w', 'rw'] as const).map((mode) =>
      svg('marker', { id: `ipc-arrow-${mode}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'ipc-arrowhead', 'data-mode': mode })))),
  );
  for (const edge of layout.edges) drawing.append(drawEdge(edge));
  for (const node of layout.nodes) drawing.append(drawNode(node));
  // Labels last, above every line.
  for (const edge of layout.edges) drawing.append(drawEdgeLabel(edge));
  return drawing;
}

function edgePath(edge: PlacedEdge): string {
  const { from, to } = edge;
  if (to.x <= from.x) {
    // Back to the same column: loop out to the right.
    const out = from.x + 40;
    return `M ${from.x} ${from.y} C ${out} ${from.y}, ${out} ${to.y}, ${to.x} ${to.y}`;
  }
  const bend = (to.x - from.x) / 2;
  return `M ${from.x} ${from.y} C ${from.x + bend} ${from.y}, ${to.x - bend} ${to.y}, ${to.x} ${to.y}`;
}

function drawEdge(edge: PlacedEdge): SVGElement {
  const attrs: Record<string, string> = { d: edgePath(edge), class: 'ipc-edge', 'data-mode': edge.mode };
  const marker = `url(#ipc-arrow-${edge.mode})`;
  if (edge.arrowAt === 'to' || edge.arrowAt === 'both') attrs['marker-end'] = marker;
  if (edge.arrowAt === 'from' || edge.arrowAt === 'both') attrs['marker-start'] = marker;
  return svg('path', attrs);
}

function drawEdgeLabel(edge: PlacedEdge): SVGElement {
  // The curve's midpoint: a symmetric cubic passes through the middle of its ends.
  const x = edge.to.x <= edge.from.x ? edge.from.x + 30 : (edge.from.x + edge.to.x) / 2;
  const y = (edge.from.y + edge.to.y) / 2;
  const width = edge.label.length * LABEL_CHAR_WIDTH + 10;
  return svg('g', { class: 'ipc-edge-label', 'data-testid': 'ipc-edge', 'data-process': edge.process, 'data-resource': edge.resource, 'data-fds': edge.fds.join(','), 'data-mode': edge.mode },
    svg('rect', { x: x - width / 2, y: y - 9, width, height: 18, rx: 9 }),
    svg('text', { x, y: y + 4, 'text-anchor': 'middle' }, edge.label),
  );
}

function drawNode(placed: PlacedNode): SVGElement {
  const { node, x, y, width, height } = placed;
  const isProcess = node.kind === 'process';
  const first = isProcess ? node.label : KIND_LABELS[node.kind] ?? node.kind;
  const second = isProcess ? `pid ${node.pid ?? '?'}${node.detail ? ` · ${node.detail}` : ''}` : `${node.label}${node.detail ? ` · ${node.detail}` : ''}`;
  const attrs: Record<string, string | number> = { class: 'ipc-node', 'data-kind': node.kind, 'data-id': node.id, 'data-testid': 'ipc-node' };
  if (node.pid !== undefined) attrs['data-pid'] = node.pid;
  return svg('g', attrs,
    svgTitle([first, node.label !== first ? node.label : '', node.detail ?? ''].filter((t) => t !== '').join('\n')),
    svg('rect', { x, y, width, height, rx: isProcess ? 6 : height / 2, class: 'ipc-node-box' }),
    svg('text', { x: x + width / 2, y: y + 18, 'text-anchor': 'middle', class: 'ipc-node-title' }, truncate(first, fits(width, TITLE_CHAR_WIDTH))),
    svg('text', { x: x + width / 2, y: y + 34, 'text-anchor': 'middle', class: 'ipc-node-detail' }, truncate(second, fits(width, DETAIL_CHAR_WIDTH))),
  );
}

function fits(width: number, charWidth: number): number {
  return Math.floor((width - 2 * NODE_TEXT_INSET) / charWidth);
}

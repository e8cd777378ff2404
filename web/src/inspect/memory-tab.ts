/**
 * Memory: one process's address space as a column, highest address at the
 * top, coloured by kind, and its mappings as a table beside it. Hovering
 * either highlights the other; a region that grew or shrank since the last
 * update flashes, so the heap growing under malloc shows as it happens.
 */
import type { InspectorView, MapEntry, MapKind, ProcessInfo } from '../../../common/src/inspect-api.js';
import { DisposableStore } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { InspectorContext, InspectorTab, StreamRequest } from './inspector-tab.js';
import type { InspectorEvent } from './inspector-stream.js';
import type { ColumnBlock } from './memory-column.js';
import { formatAddress, formatBytes, formatKiB, layoutMemoryColumn, regionName } from './memory-column.js';
import { ProcessPicker } from './process-picker.js';
import { commandLine, defaultProcess } from './process-tree.js';
import { svg, svgTitle, truncate } from './svg-builder.js';
import { tableHead } from './table-header.js';

const KIND_LABELS: Record<MapKind, string> = {
  text: 'text (code)',
  data: 'data',
  bss: 'bss',
  heap: 'heap',
  stack: 'stack',
  mmap: 'file mmap',
  anon: 'anonymous',
  shm: 'shared',
  vdso: 'vdso',
  vvar: 'vvar',
  vsyscall: 'vsyscall',
  other: 'other',
};

/** Drawing sizes of the column, in CSS pixels. */
const COLUMN = {
  barX: 4,
  barWidth: 62,
  /** Sizes end here, right-aligned, so they line up. */
  sizeRight: 130,
  nameX: 136,
  width: 296,
  /** Characters of a name that fit right of the sizes at 11px monospace (6.6px each). */
  labelChars: 24,
  /** A region needs this much height for its label. */
  labelMinHeight: 12,
} as const;

export class MemoryTab implements InspectorTab {
  readonly view: InspectorView = 'memory';
  private readonly disposables = new DisposableStore();
  private readonly picker: ProcessPicker;
  private readonly summary = el('span', { className: 'inspector-summary', testId: 'memory-summary' });
  private readonly columnHost = el('div', { className: 'memory-column', testId: 'memory-column' });
  private readonly legend = el('ul', { className: 'memory-legend', testId: 'memory-legend', attrs: { 'aria-label': 'Colours' } });
  private readonly tableBody = el('tbody');
  private readonly tableWrap = el('div', { className: 'inspector-scroll memory-table-wrap', testId: 'map-table-scroll' });
  private readonly message = el('p', { className: 'inspector-empty', testId: 'memory-message' });
  private readonly content = el('div', { className: 'memory-content' });
  private processes: ProcessInfo[] = [];
  private pid: number | null = null;
  private entries: MapEntry[] = [];
  private previousSizes = new Map<string, number>();
  private hot: string | null = null;
  private root: HTMLElement | null = null;

  constructor(private readonly context: InspectorContext) {
    this.picker = this.disposables.add(new ProcessPicker(context.selection, 'memory-process'));
  }

  activate(host: HTMLElement): void {
    const table = el('table', { className: 'inspector-table map-table', testId: 'map-table' },
      tableHead([
        { text: 'Start – end', title: 'Highest address first, as in the drawing' },
        { text: 'Perms', title: 'read, write, execute; p private (copy-on-write) or s shared' },
        { text: 'Size', numeric: true },
        { text: 'RSS', numeric: true, title: 'Resident: how much of it is in RAM now' },
        { text: 'Mapped from' },
      ]),
      this.tableBody,
    );
    // Two scroll areas side by side: a click on a region brings its row into view, and back.
    this.columnHost.classList.add('inspector-scroll');
    this.tableWrap.append(table);
    this.content.append(this.columnHost, this.tableWrap);
    this.root = el('div', { className: 'inspector-tab memory-tab', testId: 'memory-tab' },
      el('div', { className: 'inspector-toolbar' },
        el('label', { className: 'toolbar-field' }, el('span', { text: 'Process' }), this.picker.element),
        this.summary,
        el('span', { className: 'spacer' }),
        this.legend,
      ),
      this.message,
      this.content,
    );
    this.showMessage('Waiting for the process list…');
    host.append(this.root);
    // Another tab's list lets this one pick its process now and connect once.
    const known = this.context.latestProcesses();
    if (known) {
      this.processes = known;
      this.choose();
    }
    this.disposables.add(this.context.selection.onChange(() => this.choose()));
    for (const target of [this.columnHost, this.tableBody]) {
      this.disposables.listen(target, 'mouseover', (event) => this.setHot((event.target as Element).closest<HTMLElement | SVGElement>('[data-region]')?.dataset.region ?? null));
      this.disposables.listen(target, 'mouseleave', () => this.setHot(null));
    }
    this.disposables.listen(this.columnHost, 'click', (event) => this.reveal(this.tableWrap, regionOf(event)));
    this.disposables.listen(this.tableBody, 'click', (event) => this.reveal(this.columnHost, regionOf(event)));
    this.disposables.listen(this.legend, 'click', (event) => {
      const kind = (event.target as Element).closest<HTMLElement>('[data-kind]')?.dataset.kind;
      const first = kind ? this.content.querySelector<HTMLElement | SVGElement>(`.map-region[data-kind="${kind}"]`) : null;
      const key = first?.dataset.region ?? null;
      this.reveal(this.columnHost, key);
      this.reveal(this.tableWrap, key);
    });
  }

  streamRequest(): StreamRequest {
    return this.pid === null ? { views: ['processes'] } : { views: ['processes', 'maps'], pid: this.pid };
  }

  receive(event: InspectorEvent): void {
    if (event.name === 'processes') {
      this.processes = event.data;
      // May call choose() through the selection's listener; choosing twice is harmless.
      this.context.selection.keepIfAlive(this.processes);
      this.choose();
    } else if (event.name === 'maps' && event.data.pid === this.pid) {
      this.draw(event.data.entries);
    } else if (event.name === 'problem' && event.data.view === 'maps') {
      this.showMessage(event.data.message);
    }
  }

  dispose(): void {
    this.disposables.dispose();
    this.root?.remove();
    this.root = null;
  }

  /** The selected process while it lives, else the default; a change reconnects the stream with the new pid. */
  private choose(): void {
    const fallback = defaultProcess(this.processes);
    this.picker.update(this.processes, fallback);
    const selected = this.processes.find((p) => p.pid === this.context.selection.pid);
    const chosen = selected ?? fallback;
    const pid = chosen?.pid ?? null;
    if (pid === this.pid) return;
    this.pid = pid;
    this.entries = [];
    this.previousSizes.clear();
    if (chosen) this.showMessage(`Reading the map of ${chosen.pid} (${truncate(commandLine(chosen), 40)})…`);
    else this.showMessage('No process to show.');
    this.context.streamChanged(this);
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
    this.message.hidden = false;
    this.content.hidden = true;
    this.summary.textContent = '';
  }

  private draw(entries: MapEntry[]): void {
    this.entries = entries;
    const process = this.processes.find((p) => p.pid === this.pid);
    if (entries.length === 0) {
      this.showMessage(process?.state === 'Z' ? `${this.pid} is a zombie: its memory is already gone.` : `${this.pid} has no mappings to show.`);
      return;
    }
    this.message.hidden = true;
    this.content.hidden = false;
    const column = layoutMemoryColumn(entries);
    const changed = new Set<string>();
    const sizes = new Map<string, number>();
    for (const block of column.blocks) {
      if (block.kind !== 'region') continue;
      const key = regionKey(block.entry);
      sizes.set(key, block.entry.sizeKiB);
      const before = this.previousSizes.get(key);
      if (before !== undefined && before !== block.entry.sizeKiB) changed.add(key);
    }
    this.previousSizes = sizes;

    const virtual = entries.reduce((sum, e) => sum + e.sizeKiB, 0);
    const resident = entries.reduce((sum, e) => sum + (e.rssKiB ?? 0), 0);
    this.summary.textContent = `${entries.length} mappings · ${formatKiB(virtual)} virtual · ${formatKiB(resident)} resident`;

    this.columnHost.replaceChildren(drawColumn(column.blocks, column.height, changed));
    const kinds = new Set(entries.map((e) => e.kind));
    this.legend.replaceChildren(...[...kinds].sort(byKindOrder).map((kind) =>
      el('li', { attrs: { 'data-kind': kind, title: `Show the first ${KIND_LABELS[kind] ?? kind} region` } }, el('span', { className: 'legend-swatch', attrs: { 'data-kind': kind, 'aria-hidden': 'true' } }), el('span', { text: KIND_LABELS[kind] ?? kind }))));
    this.tableBody.replaceChildren(...column.blocks.flatMap((block) => (block.kind === 'region' ? [tableRow(block, changed.has(regionKey(block.entry)))] : [])));
    this.setHot(this.hot);
  }

  /** Scrolls `area` to the region `key` and highlights it. */
  private reveal(area: HTMLElement, key: string | null): void {
    if (key === null) return;
    this.setHot(key);
    const target = [...area.querySelectorAll<HTMLElement | SVGElement>('[data-region]')].find((n) => n.dataset.region === key);
    if (!target) return;
    // Not scrollIntoView: it would also scroll the page's own (overflow: hidden) frames.
    const frame = area.getBoundingClientRect();
    const box = target.getBoundingClientRect();
    area.scrollTo({ top: area.scrollTop + box.top - frame.top - (frame.height - box.height) / 2, behavior: 'smooth' });
  }

  private setHot(key: string | null): void {
    this.hot = key;
    for (const node of this.content.querySelectorAll<HTMLElement | SVGElement>('[data-region]')) {
      node.classList.toggle('is-hot', key !== null && node.dataset.region === key);
    }
  }
}

function regionOf(event: Event): string | null {
  return (event.target as Element).closest<HTMLElement | SVGElement>('[data-region]')?.dataset.region ?? null;
}

/** Identifies a region across updates: the heap and stack move their ends as they grow, so they go by name. */
function regionKey(entry: MapEntry): string {
  return entry.path.startsWith('[') ? entry.path : `${entry.start}`;
}

const KIND_ORDER = ['text', 'data', 'bss', 'heap', 'mmap', 'anon', 'shm', 'stack', 'vvar', 'vdso', 'vsyscall', 'other'];

function byKindOrder(a: MapKind, b: MapKind): number {
  return KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b);
}

function drawColumn(blocks: ColumnBlock[], height: number, changed: Set<string>): SVGSVGElement {
  const { barX, barWidth, sizeRight, nameX, width, labelChars, labelMinHeight } = COLUMN;
  const drawing = svg('svg', { width, height: height + 2, viewBox: `0 -1 ${width} ${height + 2}`, role: 'img', 'aria-label': 'Address space, highest address at the top' });
  for (const block of blocks) {
    if (block.kind === 'gap') {
      const mid = block.y + block.height / 2;
      drawing.append(svg('g', { class: 'map-gap' },
        svg('path', { d: zigzag(barX, mid - 3, barWidth), class: 'map-gap-line' }),
        svg('path', { d: zigzag(barX, mid + 3, barWidth), class: 'map-gap-line' }),
        svg('text', { x: sizeRight, y: mid + 4, 'text-anchor': 'end', class: 'map-gap-label' }, formatBytes(block.bytes)),
        svg('text', { x: nameX, y: mid + 4, class: 'map-gap-label' }, block.spansKernel ? 'not user space' : 'unmapped'),
      ));
      continue;
    }
    const key = regionKey(block.entry);
    const name = regionName(block.entry) || KIND_LABELS[block.entry.kind] || block.entry.kind;
    const group = svg('g', { class: `map-region${changed.has(key) ? ' is-changed' : ''}`, 'data-region': key, 'data-kind': block.entry.kind, 'data-testid': 'map-region' },
      svgTitle(`${formatAddress(block.start)}–${formatAddress(block.end)} ${block.entry.perms} ${formatKiB(block.entry.sizeKiB)}\n${block.entry.path || '(anonymous)'}`),
      svg('rect', { x: barX, y: block.y + 0.5, width: barWidth, height: Math.max(1, block.height - 1), rx: 2, class: 'map-rect', 'data-kind': block.entry.kind }),
      ...(block.height >= labelMinHeight ? [
        svg('text', { x: sizeRight, y: block.y + block.height / 2 + 4, 'text-anchor': 'end', class: 'map-size' }, formatKiB(block.entry.sizeKiB)),
        svg('text', { x: nameX, y: block.y + block.height / 2 + 4, class: 'map-label' }, truncate(name, labelChars)),
      ] : []),
    );
    drawing.append(group);
  }
  return drawing;
}

/** A torn edge across the bar, the usual mark for "axis broken here". */
function zigzag(x: number, y: number, width: number): string {
  const teeth = 8;
  const step = width / teeth;
  let d = `M ${x} ${y}`;
  for (let i = 1; i <= teeth; i++) d += ` L ${x + i * step} ${y + (i % 2 === 0 ? 0 : -3)}`;
  return d;
}

/** Beyond 12 hex digits ([vsyscall]): that one row may break its range over two lines rather than widen the column for all. */
const WIDE_ADDRESS = 0xffffffffffffn;

function tableRow(block: Extract<ColumnBlock, { kind: 'region' }>, changed: boolean): HTMLTableRowElement {
  const e = block.entry;
  return el('tr', { className: changed ? 'is-changed' : '', testId: 'map-row', attrs: { 'data-region': regionKey(e), 'data-kind': e.kind } },
    el('td', { className: `mono address${block.end > WIDE_ADDRESS ? ' is-wide' : ''}`, text: `${formatAddress(block.start)}–\u200b${formatAddress(block.end)}`, attrs: { title: KIND_LABELS[e.kind] ?? e.kind } }),
    el('td', { className: 'mono', text: e.perms }),
    el('td', { className: 'num', text: formatKiB(e.sizeKiB) }),
    el('td', { className: 'num', text: e.rssKiB === null ? '–' : formatKiB(e.rssKiB) }),
    // The file's name is what tells regions apart; its directory is in the tooltip.
    el('td', { className: 'mono path', text: regionName(e) || `(${KIND_LABELS[e.kind] ?? e.kind})`, attrs: { title: e.path || KIND_LABELS[e.kind] || e.kind } }),
  );
}

/**
 * Processes: the sandbox's process tree with ids, state, the terminal's
 * foreground group (who gets Ctrl-C) and decoded signal dispositions; a
 * signal menu per row. Clicking a row selects the process for the Memory
 * and System calls tabs. Rows are keyed by pid and patched in place, so a
 * refresh every 250 ms keeps focus, hover and an open menu where they are.
 */
import type { InspectorView, ProcessInfo, SignalRequest } from '../../../common/src/inspect-api.js';
import { DisposableStore, toDisposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { InspectorContext, InspectorTab, StreamRequest } from './inspector-tab.js';
import type { InspectorEvent } from './inspector-stream.js';
import type { ProcessRow } from './process-tree.js';
import { buildProcessTree, commandLine, nonEmptySignalSets, shortSignalName, stateDescription, stateLabel } from './process-tree.js';
import { SignalMenu } from './signal-menu.js';
import { tableHead } from './table-header.js';

const SET_TITLES = {
  pending: 'Pending: raised but not delivered yet (usually because blocked)',
  blocked: 'Blocked: masked with sigprocmask; delivery waits',
  ignored: 'Ignored: disposition SIG_IGN; thrown away on arrival',
  caught: 'Caught: a handler is installed',
} as const;

export class ProcessesTab implements InspectorTab {
  readonly view: InspectorView = 'processes';
  private readonly disposables = new DisposableStore();
  private readonly body = el('tbody');
  private readonly caption = el('p', { className: 'inspector-caption', testId: 'processes-caption' });
  private readonly rows = new Map<number, ProcessRowView>();
  private processes: ProcessInfo[] = [];
  private menu: SignalMenu | null = null;
  private root: HTMLElement | null = null;

  constructor(private readonly context: InspectorContext) {}

  activate(host: HTMLElement): void {
    this.root = el('div', { className: 'inspector-tab processes-tab', testId: 'processes-tab' },
      this.caption,
      el('div', { className: 'inspector-scroll' },
        el('table', { className: 'inspector-table process-table', testId: 'process-table' },
          tableHead([
            { text: 'PID', numeric: true, title: 'Process id' },
            { text: 'PPID', numeric: true, title: 'Parent process id' },
            { text: 'PGID', numeric: true, title: 'Process group id: the job it belongs to' },
            { text: 'SID', numeric: true, title: 'Session id (0: the session began outside the sandbox)' },
            { text: 'State' },
            { text: 'Command' },
            { text: 'Signals', title: 'Signal dispositions from /proc/PID/status' },
            { text: '' },
          ]),
          this.body,
        ),
      ),
    );
    this.caption.textContent = 'Waiting for the process list…';
    host.append(this.root);
    this.disposables.listen(this.body, 'click', (event) => this.onClick(event));
    this.disposables.listen(this.body, 'contextmenu', (event) => this.onContextMenu(event));
    this.disposables.listen(this.body, 'keydown', (event) => this.onKey(event));
    this.disposables.add(this.context.selection.onChange(() => this.markSelection()));
    this.disposables.add(toDisposable(() => this.menu?.close()));
  }

  streamRequest(): StreamRequest {
    return { views: ['processes'] };
  }

  receive(event: InspectorEvent): void {
    if (event.name === 'processes') this.show(event.data);
  }

  dispose(): void {
    this.disposables.dispose();
    this.root?.remove();
    this.root = null;
  }

  private show(processes: ProcessInfo[]): void {
    this.processes = processes;
    this.context.selection.keepIfAlive(processes);
    const tree = buildProcessTree(processes);
    const foreground = processes.filter((p) => p.foreground);
    const fgGroup = foreground[0]?.pgid;
    this.caption.replaceChildren(
      el('span', { text: `${processes.length} ${processes.length === 1 ? 'process' : 'processes'}` }),
      el('span', { className: 'caption-sep', text: '·' }),
      el('span', { className: 'fg-badge', text: 'FG', attrs: { 'aria-hidden': 'true' } }),
      el('span', { text: fgGroup !== undefined ? `foreground group ${fgGroup}: Ctrl-C and Ctrl-Z go to it` : 'no foreground group' }),
      el('span', { className: 'muted', text: 'Click a row to select it · right-click or kill… to send a signal' }),
    );

    const seen = new Set<number>();
    let previous: HTMLTableRowElement | null = null;
    for (const row of tree) {
      const pid = row.process.pid;
      seen.add(pid);
      let entry = this.rows.get(pid);
      if (!entry) {
        entry = new ProcessRowView(pid);
        this.rows.set(pid, entry);
      }
      entry.update(row);
      // Move only what is out of place: moving a focused row would blur it.
      const expected: Element | null = previous ? previous.nextElementSibling : this.body.firstElementChild;
      if (expected !== entry.tr) this.body.insertBefore(entry.tr, expected);
      previous = entry.tr;
    }
    for (const [pid, entry] of this.rows) {
      if (seen.has(pid)) continue;
      entry.tr.remove();
      this.rows.delete(pid);
    }
    this.markSelection();
  }

  private markSelection(): void {
    const selected = this.context.selection.pid;
    for (const [pid, { tr }] of this.rows) tr.setAttribute('aria-selected', String(pid === selected));
  }

  private rowOf(event: Event): { tr: HTMLTableRowElement; process: ProcessInfo } | null {
    const tr = (event.target as Element | null)?.closest('tr');
    const pid = Number(tr?.dataset.pid);
    const process = this.processes.find((p) => p.pid === pid);
    return tr && process ? { tr, process } : null;
  }

  private onClick(event: MouseEvent): void {
    const hit = this.rowOf(event);
    if (!hit) return;
    const button = (event.target as Element).closest('button');
    this.context.selection.select(hit.process.pid);
    if (button?.dataset.action === 'signal') this.openMenu(hit.process, button);
  }

  private onContextMenu(event: MouseEvent): void {
    const hit = this.rowOf(event);
    if (!hit) return;
    event.preventDefault();
    this.context.selection.select(hit.process.pid);
    this.openMenu(hit.process, { x: event.clientX, y: event.clientY });
  }

  private onKey(event: KeyboardEvent): void {
    const hit = this.rowOf(event);
    if (!hit || event.target !== hit.tr) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.context.selection.select(hit.process.pid);
    } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      this.openMenu(hit.process, hit.tr.querySelector<HTMLElement>('button[data-action="signal"]') ?? hit.tr);
    }
  }

  private openMenu(process: ProcessInfo, at: HTMLElement | { x: number; y: number }): void {
    this.menu?.close();
    this.menu = new SignalMenu({
      process,
      groupSize: this.processes.filter((p) => p.pgid === process.pgid).length,
      at,
      send: (request) => void this.send(process, request),
      onClose: () => {
        this.menu = null;
      },
    });
  }

  private async send(process: ProcessInfo, request: SignalRequest): Promise<void> {
    const target = request.group ? `process group ${process.pgid}` : `process ${process.pid} (${process.comm})`;
    try {
      await this.context.api.sendSignal(this.context.sessionId, request.group ? process.pgid : process.pid, request);
      this.context.notify(`Sent ${request.signal} to ${target}.`, 'ok');
    } catch (error) {
      this.context.notify(`Could not send ${request.signal} to ${target}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }
}

/** A set longer than this shows its first names and a count; bash alone catches 18 signals. */
const MAX_SIGNALS_SHOWN = 6;

/** One process's row. Each cell is patched only when its own content changed, so the row's button survives refreshes. */
class ProcessRowView {
  readonly tr: HTMLTableRowElement;
  private readonly cells: HTMLTableCellElement[];
  private readonly contents: string[] = [];

  constructor(pid: number) {
    this.cells = [
      el('td', { className: 'num pid' }),
      el('td', { className: 'num' }),
      el('td', { className: 'num' }),
      el('td', { className: 'num' }),
      el('td', { className: 'state-cell' }),
      el('td', { className: 'command-cell' }),
      el('td', { className: 'signals-cell' }),
    ];
    const button = el('button', {
      className: 'icon-button',
      testId: 'signal-button',
      text: 'kill…',
      attrs: { type: 'button', 'data-action': 'signal', 'aria-haspopup': 'menu', title: `Send a signal to ${pid}`, 'aria-label': `Send a signal to ${pid}` },
    });
    this.tr = el('tr', { testId: 'process-row', attrs: { 'data-pid': String(pid), tabindex: '-1' } },
      ...this.cells, el('td', { className: 'actions-cell' }, button));
  }

  update(row: ProcessRow): void {
    const p = row.process;
    this.tr.classList.toggle('is-foreground', p.foreground);
    this.tr.dataset.state = p.state;
    this.tr.dataset.foreground = String(p.foreground);
    this.set(0, String(p.pid), () => [String(p.pid)]);
    this.set(1, String(p.ppid), () => [String(p.ppid)]);
    this.set(2, String(p.pgid), () => [String(p.pgid)]);
    this.set(3, String(p.sid), () => [String(p.sid)]);
    this.set(4, p.state, () => [
      el('span', { className: 'state-pill', testId: 'process-state', text: `${p.state} ${stateLabel(p.state)}`, attrs: { 'data-state': p.state, title: stateDescription(p.state) } }),
    ]);
    const command = commandLine(p);
    this.set(5, JSON.stringify([row.guide, p.foreground, command, p.comm, p.threads, p.rssKiB]), () => [
      el('span', { className: 'tree-guide', text: row.guide, attrs: { 'aria-hidden': 'true' } }),
      p.foreground ? el('span', { className: 'fg-badge', testId: 'foreground-mark', text: 'FG', attrs: { title: 'In the foreground process group of the terminal: Ctrl-C and Ctrl-Z signal it' } }) : null,
      el('span', { className: 'command', text: command, attrs: { title: `${command}\ncomm: ${p.comm} · ${p.threads} thread${p.threads === 1 ? '' : 's'} · RSS ${p.rssKiB} KiB` } }),
    ]);
    this.set(6, JSON.stringify(p.signals), () => nonEmptySignalSets(p.signals).map(({ set, names }) =>
      el('span', { className: 'sigset', testId: `sigset-${set}`, attrs: { 'data-set': set, title: `${SET_TITLES[set]}:\n${names.join(' ')}` } },
        el('span', { className: 'sigset-name', text: set }),
        ...names.slice(0, names.length > MAX_SIGNALS_SHOWN ? MAX_SIGNALS_SHOWN - 1 : MAX_SIGNALS_SHOWN).map((name) => el('span', { className: 'sig', text: shortSignalName(name) })),
        names.length > MAX_SIGNALS_SHOWN ? el('span', { className: 'sig sig-more', text: `+${names.length - MAX_SIGNALS_SHOWN + 1}` }) : null,
      )));
  }

  private set(index: number, content: string, build: () => Array<Node | string | null>): void {
    if (this.contents[index] === content) return;
    this.contents[index] = content;
    this.cells[index]!.replaceChildren(...build().filter((n): n is Node | string => n !== null));
  }
}

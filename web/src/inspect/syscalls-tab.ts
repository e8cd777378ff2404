/**
 * System calls: start and stop strace in the sandbox (everything the shell
 * starts, or one process), then read the calls as they happen, filtered by
 * name or text, beside a per-call summary. The log keeps the newest
 * MAX_TRACE_ROWS lines; the rest are dropped from the page as they come.
 */
import type { InspectorEvents, InspectorView, ProcessInfo, TraceStatus, TraceTarget } from '../../../common/src/inspect-api.js';
import { DisposableStore } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { InspectorContext, InspectorTab, StreamRequest } from './inspector-tab.js';
import type { InspectorEvent } from './inspector-stream.js';
import { ProcessPicker } from './process-picker.js';
import { defaultProcess } from './process-tree.js';
import type { TraceLine } from './syscall-log.js';
import { compileFilter, describeTarget, formatDuration, lineText, sameTarget, SyscallLog } from './syscall-log.js';
import { tableHead } from './table-header.js';

/** Enough to scroll back through one command's run; few enough that appending and filtering stay quick in the DOM. */
export const MAX_TRACE_ROWS = 2000;
/** Within this many pixels of the bottom the list follows new calls; scrolled further up, it holds still. */
const FOLLOW_SLACK_PX = 24;

export class SyscallsTab implements InspectorTab {
  readonly view: InspectorView = 'syscalls';
  private readonly disposables = new DisposableStore();
  private readonly log = new SyscallLog(MAX_TRACE_ROWS);
  private readonly picker: ProcessPicker;
  private readonly traceShell = el('button', { className: 'button button-primary', testId: 'trace-shell', text: '▶ Trace the shell', attrs: { type: 'button', title: 'Trace every command the shell starts from now on (strace -f on the shell)' } });
  private readonly traceProcess = el('button', { className: 'button', testId: 'trace-process', text: '▶ Trace', attrs: { type: 'button', title: 'Trace the chosen process and the children it starts' } });
  private readonly stop = el('button', { className: 'button', testId: 'trace-stop', text: '■ Stop', attrs: { type: 'button' } });
  private readonly status = el('span', { className: 'trace-status', testId: 'trace-status', attrs: { role: 'status' } });
  private readonly filter = el('input', { className: 'filter-input', testId: 'trace-filter', attrs: { type: 'search', placeholder: 'Filter: open read …', 'aria-label': 'Filter system calls', spellcheck: 'false' } });
  private readonly count = el('span', { className: 'inspector-summary', testId: 'trace-count' });
  private readonly summaryToggle = el('button', { className: 'icon-button', testId: 'trace-summary-toggle', text: 'Summary', attrs: { type: 'button', 'aria-pressed': 'true', title: 'Show or hide the per-call summary (more room for the calls)' } });
  private readonly rowsBody = el('tbody');
  private readonly scroller = el('div', { className: 'inspector-scroll trace-scroll', testId: 'trace-scroll' });
  private readonly empty = el('p', { className: 'inspector-empty trace-empty', testId: 'trace-empty' });
  private readonly summaryBody = el('tbody');
  private readonly traceBody = el('div', { className: 'trace-body', attrs: { 'data-summary': 'shown' } });
  private processes: ProcessInfo[] = [];
  private trace: TraceStatus | null = null;
  private matches: (line: TraceLine) => boolean = () => true;
  /** Table rows on the page with the ordinal of their line in the log's history. */
  private shown: Array<{ ordinal: number; tr: HTMLTableRowElement }> = [];
  private appended = 0;
  private busy = false;
  private root: HTMLElement | null = null;

  constructor(private readonly context: InspectorContext) {
    this.picker = this.disposables.add(new ProcessPicker(context.selection, 'trace-process-picker'));
  }

  activate(host: HTMLElement): void {
    this.scroller.append(
      el('table', { className: 'inspector-table trace-table', testId: 'trace-table' },
        el('colgroup', {}, ...['time', 'pid', 'call', 'result', 'duration'].map((c) => el('col', { className: `col-${c}` }))),
        tableHead([
          { text: 'Time' },
          { text: 'PID', numeric: true },
          { text: 'Call' },
          { text: 'Result' },
          { text: 'Took', numeric: true, title: 'Time in the kernel (strace -T)' },
        ]),
        this.rowsBody,
      ),
      this.empty,
    );
    this.root = el('div', { className: 'inspector-tab syscalls-tab', testId: 'syscalls-tab' },
      el('div', { className: 'inspector-toolbar' },
        this.traceShell,
        el('span', { className: 'toolbar-group' }, this.traceProcess, this.picker.element),
        this.stop,
        this.status,
        el('span', { className: 'spacer' }),
        this.filter,
        this.count,
        this.summaryToggle,
      ),
      this.traceBody,
    );
    this.traceBody.append(
      this.scroller,
      el('div', { className: 'inspector-scroll trace-summary' },
        el('table', { className: 'inspector-table summary-table', testId: 'trace-summary' },
          tableHead([
            { text: 'Syscall' },
            { text: 'Calls', numeric: true },
            { text: 'Errors', numeric: true },
            { text: 'Time', numeric: true, title: 'Time spent in the kernel, in all' },
          ]),
          this.summaryBody,
        ),
      ),
    );
    host.append(this.root);
    this.disposables.listen(this.traceShell, 'click', () => void this.start({ kind: 'shell' }));
    this.disposables.listen(this.traceProcess, 'click', () => {
      const pid = this.context.selection.pid ?? defaultProcess(this.processes)?.pid;
      if (pid !== undefined) void this.start({ kind: 'pid', pid });
    });
    this.disposables.listen(this.stop, 'click', () => void this.stopTrace());
    this.disposables.listen(this.summaryToggle, 'click', () => {
      const shown = this.summaryToggle.getAttribute('aria-pressed') !== 'true';
      this.summaryToggle.setAttribute('aria-pressed', String(shown));
      this.traceBody.dataset.summary = shown ? 'shown' : 'hidden';
    });
    this.disposables.add(this.context.selection.onChange(() => this.showStatus()));
    this.disposables.listen(this.filter, 'input', () => {
      this.matches = compileFilter(this.filter.value);
      this.rebuildRows();
    });
    const known = this.context.latestProcesses();
    if (known) this.onProcesses(known);
    this.showStatus();
    this.rebuildRows();
  }

  streamRequest(): StreamRequest {
    return { views: ['processes', 'syscalls'] };
  }

  receive(event: InspectorEvent): void {
    switch (event.name) {
      case 'processes':
        this.onProcesses(event.data);
        return;
      case 'trace':
        this.onTrace(event.data);
        return;
      case 'syscalls':
        this.append(event.data);
        return;
      default:
    }
  }

  dispose(): void {
    this.disposables.dispose();
    this.root?.remove();
    this.root = null;
  }

  private onProcesses(processes: ProcessInfo[]): void {
    this.processes = processes;
    this.context.selection.keepIfAlive(processes);
    this.picker.update(processes, defaultProcess(processes));
    this.showStatus();
  }

  private async start(target: TraceTarget): Promise<void> {
    await this.act(async () => {
      const status = await this.context.api.startTrace(this.context.sessionId, target);
      this.log.reset();
      this.rebuildRows();
      this.onTrace(status);
    }, `Could not start tracing ${describeTarget(target)}`);
  }

  private async stopTrace(): Promise<void> {
    await this.act(async () => this.onTrace(await this.context.api.stopTrace(this.context.sessionId)), 'Could not stop the trace');
  }

  private async act(action: () => Promise<void>, failure: string): Promise<void> {
    this.busy = true;
    this.showStatus();
    try {
      await action();
    } catch (error) {
      this.context.notify(`${failure}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      this.busy = false;
      this.showStatus();
    }
  }

  private onTrace(status: TraceStatus): void {
    const before = this.trace;
    // Another trace began (from another tab or window, or a lab step): its events are numbered afresh.
    const restarted = status.events < this.log.highestSeq
      || (before !== null && status.running && (!before.running || !sameTarget(before.target, status.target)));
    if (restarted) {
      this.log.reset();
      this.rebuildRows();
    }
    this.trace = status;
    this.showStatus();
    this.summaryBody.replaceChildren(...status.summary.map((row) =>
      el('tr', { testId: 'summary-row', attrs: { 'data-syscall': row.name } },
        el('td', { className: 'mono', text: row.name }),
        el('td', { className: 'num', text: row.calls.toLocaleString('en') }),
        el('td', { className: `num${row.errors > 0 ? ' has-errors' : ''}`, text: row.errors > 0 ? row.errors.toLocaleString('en') : '' }),
        el('td', { className: 'num', text: formatDuration(row.totalUs) }),
      )));
  }

  private showStatus(): void {
    const status = this.trace;
    const running = status?.running ?? false;
    this.traceShell.disabled = this.busy;
    this.traceProcess.disabled = this.busy || (this.context.selection.pid === null && defaultProcess(this.processes) === null);
    this.stop.disabled = this.busy || !running;
    this.traceShell.classList.toggle('button-primary', !running);
    this.status.dataset.running = String(running);
    if (this.busy) this.status.textContent = 'working…';
    else if (!status) this.status.textContent = '';
    else if (running) this.status.textContent = `tracing ${describeTarget(status.target)} · ${status.events.toLocaleString('en')} events`;
    else if (status.stoppedReason) this.status.textContent = `stopped: ${status.stoppedReason}`;
    else this.status.textContent = status.events > 0 ? `stopped · ${status.events.toLocaleString('en')} events` : 'not tracing';
    this.showCounts();
  }

  private append(batch: InspectorEvents['syscalls']): void {
    const follow = this.atBottom();
    const { added } = this.log.add(batch.events, batch.notices, batch.dropped ?? 0);
    const firstOrdinal = this.appended;
    this.appended += added.length;
    const rows = added.flatMap((line, i) => (this.matches(line) ? [{ ordinal: firstOrdinal + i, tr: lineRow(line) }] : []));
    if (rows.length > 0) {
      const fragment = document.createDocumentFragment();
      for (const row of rows) fragment.append(row.tr);
      this.rowsBody.append(fragment);
      this.shown.push(...rows);
    }
    // Lines that fell out of the log leave the page too.
    const oldest = this.appended - this.log.lines.length;
    let drop = 0;
    while (drop < this.shown.length && this.shown[drop]!.ordinal < oldest) drop++;
    for (const row of this.shown.splice(0, drop)) row.tr.remove();
    this.showCounts();
    if (follow) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private rebuildRows(): void {
    const lines = this.log.lines;
    const start = this.appended - lines.length;
    this.shown = lines.flatMap((line, i) => (this.matches(line) ? [{ ordinal: start + i, tr: lineRow(line) }] : []));
    this.rowsBody.replaceChildren(...this.shown.map((row) => row.tr));
    this.showCounts();
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private showCounts(): void {
    const total = this.log.lines.length;
    const filtered = this.filter.value.trim() !== '';
    const parts = total === 0 ? [] : [filtered ? `${this.shown.length} of ${total} lines` : `${total} lines`];
    if (this.log.droppedTotal > 0) parts.push(`${this.log.droppedTotal.toLocaleString('en')} older dropped`);
    if (this.log.skippedTotal > 0) parts.push(`${this.log.skippedTotal.toLocaleString('en')} skipped`);
    this.count.textContent = parts.join(' · ');
    this.count.title = this.log.skippedTotal > 0 ? 'Skipped: calls that came faster than the page can show; the summary counts them all.' : '';
    this.empty.hidden = this.shown.length > 0;
    this.empty.textContent = total > 0 ? 'Nothing matches the filter.'
      : this.trace?.running ? 'Tracing: run a command in the terminal and its system calls appear here.'
      : 'Not tracing. “Trace the shell”, then run a command (try ls) in the terminal.';
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= FOLLOW_SLACK_PX;
  }
}

function lineRow(line: TraceLine): HTMLTableRowElement {
  if (line.kind === 'notice') {
    const n = line.notice;
    return el('tr', { className: 'trace-notice', testId: 'trace-notice' },
      el('td', { className: 'mono time', text: shortTime(n.time), attrs: { title: n.time } }),
      el('td', { className: 'num', text: String(n.pid) }),
      el('td', { className: 'mono notice-text', text: n.text, attrs: { colspan: '3', title: n.text } }),
    );
  }
  const e = line.event;
  const result = `= ${e.result}${e.error ? ` ${e.error}` : ''}`;
  // `ENOENT (No such file or directory)`: the name fits the column, the words go in the tooltip.
  const shortResult = `= ${e.result}${e.error ? ` ${e.error.split(' ')[0]}` : ''}`;
  return el('tr', { className: e.error ? 'trace-call has-error' : 'trace-call', testId: 'trace-row', attrs: { 'data-syscall': e.name } },
    el('td', { className: 'mono time', text: shortTime(e.time), attrs: { title: e.time } }),
    el('td', { className: 'num', text: String(e.pid) }),
    el('td', { className: 'mono call', attrs: { title: lineText(line) } },
      el('span', { className: 'call-name', text: e.name }),
      el('span', { className: 'call-args', text: `(${e.args})` })),
    el('td', { className: 'mono result', text: shortResult, attrs: { title: result } }),
    el('td', { className: 'num duration', text: e.durationUs === null ? '' : formatDuration(e.durationUs) }),
  );
}

/** `06:41:22.973930` → `41:22.973930`: the hour rarely changes during a trace, and the calls need the room. */
function shortTime(time: string): string {
  return /^\d\d:\d\d:\d\d\./.test(time) ? time.slice(3) : time;
}

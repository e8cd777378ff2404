/**
 * The live inspectors under the terminal: a tab bar (Processes, Memory, IPC,
 * System calls) that stays visible, and above it, when open, the chosen tab
 * at a height the learner drags. Only the tab on screen streams: the panel
 * holds one EventSource for it, and closes it when the panel is collapsed,
 * the tab changes, the page is hidden or the session goes away.
 */
import type { InspectorView, ProcessInfo } from '../../../common/src/inspect-api.js';
import type { SyslabApi } from '../api-client.js';
import { inspectStreamPath } from '../api-client.js';
import { DisposableStore, toDisposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { View } from '../view.js';
import type { InspectorContext, InspectorTab, NoticeTone } from './inspector-tab.js';
import type { InspectorEvent, StreamState } from './inspector-stream.js';
import { InspectorStream } from './inspector-stream.js';
import { IpcTab } from './ipc-tab.js';
import { MemoryTab } from './memory-tab.js';
import { ProcessSelection } from './process-selection.js';
import { ProcessesTab } from './processes-tab.js';
import { SyscallsTab } from './syscalls-tab.js';

const TABS: ReadonlyArray<{ view: InspectorView; title: string; create(context: InspectorContext): InspectorTab }> = [
  { view: 'processes', title: 'Processes', create: (c) => new ProcessesTab(c) },
  { view: 'memory', title: 'Memory', create: (c) => new MemoryTab(c) },
  { view: 'ipc', title: 'IPC', create: (c) => new IpcTab(c) },
  { view: 'syscalls', title: 'System calls', create: (c) => new SyscallsTab(c) },
];

export const PANEL_SIZES = {
  /** Below this a table shows two rows: not worth having open. */
  minPanelPx: 160,
  /** The terminal keeps at least this much (about 10 rows at 14px): the learner still types there. */
  minTerminalPx: 180,
  /** Arrow keys on the divider move it this far. */
  keyStepPx: 32,
} as const;

/** Long enough to read a sentence, short enough not to go stale. */
const NOTICE_MS = 6000;

export interface InspectorPanelOptions {
  api: SyslabApi;
}

export class InspectorPanel implements View {
  private readonly disposables = new DisposableStore();
  private readonly root = el('section', { className: 'inspector', testId: 'inspector', attrs: { 'aria-label': 'Inspectors', 'data-open': 'false' } });
  private readonly resizer = el('div', {
    className: 'inspector-resizer',
    testId: 'inspector-resizer',
    attrs: { role: 'separator', 'aria-orientation': 'horizontal', 'aria-label': 'Resize the inspector', tabindex: '0', title: 'Drag to resize; double-click to reset' },
  });
  private readonly toggleButton = el('button', { className: 'icon-button inspector-toggle', testId: 'inspector-toggle', attrs: { type: 'button' } });
  private readonly live = el('span', { className: 'inspector-live', testId: 'inspector-live' });
  private readonly notice = el('span', { className: 'inspector-notice', testId: 'inspector-notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly body = el('div', { className: 'inspector-body' });
  private readonly tabButtons = new Map<InspectorView, HTMLButtonElement>();
  private readonly panels = new Map<InspectorView, HTMLElement>();
  private readonly tabs = new Map<InspectorView, InspectorTab>();
  private selected: InspectorView = 'processes';
  private open = false;
  /** The learner closed the panel: a step's suggestion switches the tab but does not reopen it. */
  private closedByLearner = false;
  private sessionId: string | null = null;
  private context: InspectorContext | null = null;
  private stream: InspectorStream | null = null;
  private streamUrl: string | null = null;
  private noticeTimer = 0;
  private processes: ProcessInfo[] | null = null;

  constructor(private readonly options: InspectorPanelOptions) {}

  activate(host: HTMLElement): void {
    const tablist = el('div', { className: 'inspector-tabs', attrs: { role: 'tablist', 'aria-label': 'Inspectors' } });
    for (const { view, title } of TABS) {
      const button = el('button', {
        className: 'inspector-tab-button',
        testId: `inspector-tab-${view}`,
        text: title,
        attrs: { type: 'button', role: 'tab', id: `inspector-tab-${view}`, 'aria-controls': `inspector-panel-${view}`, 'aria-selected': 'false', tabindex: '-1' },
      });
      button.addEventListener('click', () => {
        // A click on the open tab folds the panel, as in an IDE's bottom bar.
        if (this.open && this.selected === view) this.collapse(true);
        else this.show(view, 'click');
      });
      this.tabButtons.set(view, button);
      tablist.append(button);
      const panel = el('div', { className: 'inspector-tabpanel', attrs: { role: 'tabpanel', id: `inspector-panel-${view}`, 'aria-labelledby': `inspector-tab-${view}`, hidden: '' } });
      this.panels.set(view, panel);
      this.body.append(panel);
    }
    this.disposables.listen(tablist, 'keydown', (event) => this.onTabKey(event));
    this.root.append(
      this.resizer,
      el('header', { className: 'inspector-bar' }, tablist, this.live, this.notice, el('span', { className: 'spacer' }), this.toggleButton),
      this.body,
    );
    host.append(this.root);

    this.disposables.listen(this.toggleButton, 'click', () => (this.open ? this.collapse(true) : this.show(this.selected, 'click')));
    const onVisibility = (): void => this.refreshStream();
    document.addEventListener('visibilitychange', onVisibility);
    this.disposables.add(toDisposable(() => document.removeEventListener('visibilitychange', onVisibility)));
    this.disposables.add(new DividerDrag(this.resizer, this.root, (height) => this.setHeight(height)));
    this.disposables.listen(this.resizer, 'keydown', (event) => this.onResizerKey(event));
    this.disposables.listen(this.resizer, 'dblclick', () => this.root.style.removeProperty('--inspector-height'));
    this.disposables.add(toDisposable(() => window.clearTimeout(this.noticeTimer)));
    this.disposables.add(toDisposable(() => this.resetSession(null)));
    this.render();
  }

  /** The session whose sandbox to inspect; null while there is none (starting, ended). */
  setSession(sessionId: string | null): void {
    if (sessionId === this.sessionId) return;
    this.resetSession(sessionId);
    this.render();
  }

  /** Opens `view`; a step's suggestion (`step`) does not reopen a panel the learner closed. */
  show(view: InspectorView, reason: 'click' | 'step'): void {
    this.selected = view;
    if (reason === 'click' || !this.closedByLearner) {
      this.open = true;
      if (reason === 'click') this.closedByLearner = false;
    }
    this.render();
  }

  collapse(byLearner: boolean): void {
    this.open = false;
    if (byLearner) this.closedByLearner = true;
    this.render();
  }

  dispose(): void {
    this.disposables.dispose();
    this.root.remove();
  }

  private resetSession(sessionId: string | null): void {
    this.closeStream();
    for (const tab of this.tabs.values()) tab.dispose();
    this.tabs.clear();
    for (const panel of this.panels.values()) panel.replaceChildren();
    this.sessionId = sessionId;
    this.processes = null;
    this.context = sessionId === null ? null : {
      api: this.options.api,
      sessionId,
      selection: new ProcessSelection(),
      latestProcesses: () => this.processes,
      streamChanged: (tab) => {
        if (this.tabs.get(this.selected) === tab) this.refreshStream();
      },
      showView: (view) => this.show(view, 'click'),
      notify: (text, tone) => this.notify(text, tone),
    };
  }

  private render(): void {
    this.root.dataset.open = String(this.open);
    this.toggleButton.textContent = this.open ? '▾' : '▴';
    this.toggleButton.title = this.open ? 'Hide the inspector' : 'Show the inspector';
    this.toggleButton.setAttribute('aria-label', this.toggleButton.title);
    this.toggleButton.setAttribute('aria-expanded', String(this.open));
    this.resizer.hidden = !this.open;
    this.body.hidden = !this.open;
    for (const [view, button] of this.tabButtons) {
      const current = view === this.selected;
      button.setAttribute('aria-selected', String(current && this.open));
      button.tabIndex = current ? 0 : -1;
      this.panels.get(view)!.hidden = !(current && this.open);
    }
    if (this.open) this.ensureTab(this.selected);
    this.refreshStream();
  }

  /** Tabs are built the first time they are shown, and keep what they hold (a trace log) until the session changes. */
  private ensureTab(view: InspectorView): void {
    const panel = this.panels.get(view)!;
    if (!this.context) {
      panel.replaceChildren(el('p', { className: 'inspector-empty', text: 'Waiting for your sandbox…' }));
      return;
    }
    if (this.tabs.has(view)) return;
    panel.replaceChildren();
    const tab = TABS.find((t) => t.view === view)!.create(this.context);
    this.tabs.set(view, tab);
    tab.activate(panel);
  }

  /** Connects the stream the tab on screen wants, if it is not the one already open. */
  private refreshStream(): void {
    const tab = this.open && this.sessionId !== null && document.visibilityState !== 'hidden' ? this.tabs.get(this.selected) : undefined;
    const request = tab?.streamRequest() ?? null;
    const url = tab && request && this.sessionId !== null ? inspectStreamPath(this.sessionId, request.views, request.pid ?? null) : null;
    if (url === this.streamUrl) return;
    this.closeStream();
    if (!tab || url === null) {
      this.showLive(null);
      return;
    }
    this.streamUrl = url;
    this.stream = new InspectorStream({
      url,
      onEvent: (event) => this.deliver(tab, event),
      onState: (state) => this.showLive(state),
      onMalformed: (message) => this.notify(message, 'error'),
    });
  }

  private deliver(tab: InspectorTab, event: InspectorEvent): void {
    // The memory tab explains a missing map in place; other problems go to the bar.
    if (event.name === 'problem' && event.data.view !== 'maps') this.notify(event.data.message, 'error');
    if (event.name === 'processes') this.processes = event.data;
    tab.receive(event);
  }

  private closeStream(): void {
    this.stream?.dispose();
    this.stream = null;
    this.streamUrl = null;
  }

  private showLive(state: StreamState | null): void {
    this.live.dataset.state = state?.kind ?? 'off';
    this.live.textContent = state === null ? '' : state.kind === 'live' ? 'live' : state.kind === 'connecting' ? 'connecting…' : 'reconnecting…';
    this.live.title = state?.kind === 'live' ? 'Updates as the sandbox changes' : '';
  }

  private notify(text: string, tone: NoticeTone): void {
    this.notice.textContent = text;
    this.notice.dataset.tone = tone;
    this.notice.title = text;
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => {
      this.notice.textContent = '';
      this.notice.title = '';
    }, NOTICE_MS);
  }

  private setHeight(height: number): void {
    // The room the panel shares with the terminal above it (the pane minus its header).
    const terminal = this.root.previousElementSibling?.getBoundingClientRect().height ?? 0;
    const room = terminal + this.root.getBoundingClientRect().height;
    const max = Math.max(PANEL_SIZES.minPanelPx, room - PANEL_SIZES.minTerminalPx);
    const clamped = Math.round(Math.min(max, Math.max(PANEL_SIZES.minPanelPx, height)));
    // CSSOM, not a style attribute: a `style-src 'self'` policy allows it.
    this.root.style.setProperty('--inspector-height', `${clamped}px`);
  }

  private onResizerKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const current = this.root.getBoundingClientRect().height;
    this.setHeight(current + (event.key === 'ArrowUp' ? PANEL_SIZES.keyStepPx : -PANEL_SIZES.keyStepPx));
  }

  /** Left and right move between tabs, as a WAI-ARIA tablist does. */
  private onTabKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = TABS.findIndex((t) => t.view === this.selected);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length]!;
    this.show(next.view, 'click');
    this.tabButtons.get(next.view)?.focus();
  }
}

/** Dragging the divider above the panel: it grows by as much as the pointer moves up, from where it was grabbed. */
class DividerDrag {
  private start: { y: number; height: number } | null = null;
  private readonly onDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    this.handle.setPointerCapture(event.pointerId);
    this.handle.classList.add('is-dragging');
    this.start = { y: event.clientY, height: this.panel.getBoundingClientRect().height };
  };
  private readonly onMove = (event: PointerEvent): void => {
    if (!this.start || !this.handle.hasPointerCapture(event.pointerId)) return;
    this.resize(this.start.height + this.start.y - event.clientY);
  };
  private readonly onUp = (event: PointerEvent): void => {
    if (this.handle.hasPointerCapture(event.pointerId)) this.handle.releasePointerCapture(event.pointerId);
    this.handle.classList.remove('is-dragging');
    this.start = null;
  };

  constructor(private readonly handle: HTMLElement, private readonly panel: HTMLElement, private readonly resize: (height: number) => void) {
    handle.addEventListener('pointerdown', this.onDown);
    handle.addEventListener('pointermove', this.onMove);
    handle.addEventListener('pointerup', this.onUp);
    handle.addEventListener('pointercancel', this.onUp);
  }

  dispose(): void {
    this.handle.removeEventListener('pointerdown', this.onDown);
    this.handle.removeEventListener('pointermove', this.onMove);
    this.handle.removeEventListener('pointerup', this.onUp);
    this.handle.removeEventListener('pointercancel', this.onUp);
  }
}

/**
 * The menu that sends a signal: from a row's Signal button or a right click
 * on the row. Offers the common signals with what each does by default, to
 * the process or to its whole group (what the terminal does on Ctrl-C).
 * One at a time; Escape, a click elsewhere or a choice closes it.
 */
import { COMMON_SIGNALS, type ProcessInfo, type SignalRequest } from '../../../common/src/inspect-api.js';
import type { Disposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import { commandLine } from './process-tree.js';
import { truncate } from './svg-builder.js';

/** What each does unless the program says otherwise, in a few words. */
const SIGNAL_HINTS: Record<(typeof COMMON_SIGNALS)[number], string> = {
  SIGINT: 'interrupt (Ctrl-C)',
  SIGTERM: 'ask to terminate',
  SIGKILL: 'kill; cannot be caught',
  SIGSTOP: 'stop; cannot be caught',
  SIGCONT: 'continue if stopped',
  SIGHUP: 'hang up (terminal closed)',
  SIGQUIT: 'quit + core (Ctrl-\\)',
  SIGUSR1: 'user-defined 1',
  SIGUSR2: 'user-defined 2',
  SIGTSTP: 'stop from terminal (Ctrl-Z)',
  SIGCHLD: 'a child changed state',
  SIGPIPE: 'wrote to a closed pipe',
  SIGALRM: 'timer expired',
  SIGSEGV: 'bad memory access',
};

export interface SignalMenuOptions {
  process: ProcessInfo;
  /** Others in its process group, for the label. */
  groupSize: number;
  /** Where to open: a point (right click) or below an element. */
  at: { x: number; y: number } | HTMLElement;
  send(request: SignalRequest): void;
  onClose?(): void;
}

export class SignalMenu implements Disposable {
  private readonly root: HTMLElement;
  private readonly cleanup: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: SignalMenuOptions) {
    const { process } = options;
    const canGroup = process.pgid > 0;
    const groupInput = el('input', { attrs: { type: 'radio', name: 'signal-target', value: 'group' } });
    const processInput = el('input', { attrs: { type: 'radio', name: 'signal-target', value: 'process', checked: '' } });
    groupInput.disabled = !canGroup;
    const items = COMMON_SIGNALS.map((name) => {
      const item = el('button', {
        className: 'signal-menu-item',
        testId: 'signal-option',
        attrs: { type: 'button', role: 'menuitem', 'data-signal': name },
      },
      el('span', { className: 'signal-menu-name', text: name }),
      el('span', { className: 'signal-menu-hint', text: SIGNAL_HINTS[name] }));
      item.addEventListener('click', () => {
        const group = groupInput.checked;
        this.close();
        options.send(group ? { signal: name, group: true } : { signal: name });
      });
      return item;
    });
    this.root = el('div', { className: 'signal-menu', testId: 'signal-menu', attrs: { role: 'menu', 'aria-label': `Send a signal to ${process.pid}` } },
      el('p', { className: 'signal-menu-title' },
        el('span', { text: 'Send a signal to ' }),
        el('code', { text: `${process.pid} ${truncate(commandLine(process), 32)}` }),
      ),
      el('div', { className: 'signal-menu-target', attrs: { role: 'radiogroup', 'aria-label': 'Send to' } },
        el('label', { testId: 'signal-to-process' }, processInput, el('span', { text: `process ${process.pid}` })),
        el('label', { testId: 'signal-to-group', attrs: { title: 'kill(-pgid, sig): every process in the group, as the terminal does on Ctrl-C' } },
          groupInput,
          el('span', { text: `its group ${process.pgid}${options.groupSize > 1 ? ` (${options.groupSize} processes)` : ''}` })),
      ),
      el('div', { className: 'signal-menu-items' }, ...items),
    );
    document.body.append(this.root);
    this.place(options.at);

    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
        if (options.at instanceof HTMLElement) options.at.focus();
        return;
      }
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      const index = items.indexOf(document.activeElement as HTMLButtonElement);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    };
    const onPointer = (event: PointerEvent): void => {
      if (!this.root.contains(event.target as Node)) this.close();
    };
    const onScroll = (event: Event): void => {
      if (!this.root.contains(event.target as Node)) this.close();
    };
    this.root.addEventListener('keydown', onKey);
    // Capture, so a click on another row's button closes this menu before opening its own.
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('scroll', onScroll, true);
    this.cleanup.push(
      () => document.removeEventListener('pointerdown', onPointer, true),
      () => document.removeEventListener('scroll', onScroll, true),
    );
    items[0]?.focus();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const release of this.cleanup.splice(0)) release();
    this.root.remove();
    this.options.onClose?.();
  }

  dispose(): void {
    this.close();
  }

  /** Below the button or at the pointer, kept inside the window. Coordinates go through CSSOM, which a CSP allows. */
  private place(at: SignalMenuOptions['at']): void {
    const point = at instanceof HTMLElement ? (() => {
      const r = at.getBoundingClientRect();
      return { x: r.right, y: r.bottom + 4, alignRight: true };
    })() : { ...at, alignRight: false };
    const { width, height } = this.root.getBoundingClientRect();
    const margin = 8;
    let x = point.alignRight ? point.x - width : point.x;
    let y = point.y;
    if (y + height > window.innerHeight - margin) {
      // Not enough room below: open upwards, above the button or the pointer.
      const above = at instanceof HTMLElement ? at.getBoundingClientRect().top - 4 - height : point.y - height;
      y = Math.max(margin, above);
    }
    x = Math.min(Math.max(margin, x), window.innerWidth - width - margin);
    this.root.style.left = `${Math.round(x)}px`;
    this.root.style.top = `${Math.round(y)}px`;
  }
}

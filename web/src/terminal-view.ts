/**
 * The xterm.js terminal, sized to fill its pane. Knows nothing about the
 * network: TerminalConnection feeds it and listens to it.
 */
import { FitAddon } from '@xterm/addon-fit';
import type { ITheme } from '@xterm/xterm';
import { Terminal } from '@xterm/xterm';
import { TERMINAL_LIMITS } from '../../common/src/protocol.js';
import type { Disposable } from './disposable-store.js';
import { DisposableStore, toDisposable } from './disposable-store.js';
import { untrustedLinkHandler } from './terminal-link-handler.js';
import { CspStyleAddon } from './xterm-csp-style-addon.js';

// Ayu Dark, whose background is the page's terminal colour.
const THEME: ITheme = {
  background: '#0b0e14',
  foreground: '#bfbdb6',
  cursor: '#e6b450',
  cursorAccent: '#0b0e14',
  selectionBackground: '#273747',
  black: '#1e232b',
  red: '#ea6c73',
  green: '#7fd962',
  yellow: '#f9af4f',
  blue: '#53bdfa',
  magenta: '#cda1fa',
  cyan: '#90e1c6',
  white: '#c7c7c7',
  brightBlack: '#686868',
  brightRed: '#f07178',
  brightGreen: '#aad94c',
  brightYellow: '#ffb454',
  brightBlue: '#59c2ff',
  brightMagenta: '#d2a6ff',
  brightCyan: '#95e6cb',
  brightWhite: '#ffffff',
};

/** Local fonts only: the page loads nothing from elsewhere. */
const FONT_FAMILY = '"JetBrains Mono", "Fira Code", "Cascadia Mono", "DejaVu Sans Mono", "Liberation Mono", ui-monospace, Menlo, Consolas, monospace';

export class TerminalView implements Disposable {
  readonly terminal: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly disposables = new DisposableStore();
  private pendingFrame = 0;

  constructor() {
    this.terminal = new Terminal({
      theme: THEME,
      fontFamily: FONT_FAMILY,
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      // Output is untrusted: OSC 8 links go through our checks. Title changes
      // (OSC 0/2) are deliberately not subscribed to, so output cannot rename the tab.
      linkHandler: untrustedLinkHandler,
    });
    this.terminal.loadAddon(this.fitAddon);
  }

  activate(host: HTMLElement): void {
    this.terminal.open(host);
    // Added first so it is disposed last, after everything that calls into it.
    this.disposables.add(this.terminal);
    this.terminal.loadAddon(new CspStyleAddon());
    // The pane changes size with the window, with the layout, and when fonts
    // settle; one observer on the host catches all of them.
    const observer = new ResizeObserver(() => this.scheduleFit());
    observer.observe(host);
    this.disposables.add(toDisposable(() => observer.disconnect()));
    this.disposables.listen(window, 'resize', () => this.scheduleFit());
    this.disposables.add(toDisposable(() => cancelAnimationFrame(this.pendingFrame)));
    this.fit();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Resizes the terminal to its pane; `terminal.onResize` reports a change. */
  fit(): void {
    const host = this.terminal.element?.parentElement;
    // A hidden or collapsed pane would propose a 1-row terminal and make the
    // shell reflow everything; keep the last good size instead.
    if (!host || host.clientWidth === 0 || host.clientHeight === 0) return;
    const proposed = this.fitAddon.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
    // The server refuses sizes outside these limits; a huge monitor gets the maximum.
    const cols = clamp(proposed.cols, TERMINAL_LIMITS.MIN_COLS, TERMINAL_LIMITS.MAX_COLS);
    const rows = clamp(proposed.rows, TERMINAL_LIMITS.MIN_ROWS, TERMINAL_LIMITS.MAX_ROWS);
    if (cols !== this.terminal.cols || rows !== this.terminal.rows) this.terminal.resize(cols, rows);
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private scheduleFit(): void {
    // Coalesce a burst of observer callbacks (a window drag) into one fit per frame.
    cancelAnimationFrame(this.pendingFrame);
    this.pendingFrame = requestAnimationFrame(() => this.fit());
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

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

/** A read-only view of someone else's terminal shrinks its font down to this to show their whole width. */
const MIN_REMOTE_FONT_SIZE = 8;
const FONT_SIZE = 14;

export interface TerminalViewOptions {
  /**
   * Draw at another terminal's size (setRemoteSize) instead of fitting the
   * pane: a shadow or broadcast view must keep the owner's columns, or
   * full-screen programs would be garbled. The font shrinks to fit the width.
   */
  remoteSize?: boolean;
}

export class TerminalView implements Disposable {
  readonly terminal: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly disposables = new DisposableStore();
  private pendingFrame = 0;
  private remote: { cols: number; rows: number } | null = null;

  constructor(private readonly viewOptions: TerminalViewOptions = {}) {
    this.terminal = new Terminal({
      theme: THEME,
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE,
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

  /** For a remoteSize view: the owner's size, from the server. */
  setRemoteSize(cols: number, rows: number): void {
    this.remote = { cols, rows };
    this.fit();
  }

  /** Resizes the terminal to its pane (or, remoteSize, its font to the owner's size); `terminal.onResize` reports a change. */
  fit(): void {
    if (this.viewOptions.remoteSize) {
      this.fitRemote();
      return;
    }
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

  private fitRemote(): void {
    const host = this.terminal.element?.parentElement;
    if (!this.remote || !host || host.clientWidth === 0) return;
    const { cols, rows } = this.remote;
    if (cols !== this.terminal.cols || rows !== this.terminal.rows) this.terminal.resize(cols, rows);
    // Cell width scales with the font size: how many columns fit at this size says what size fits `cols`.
    const proposed = this.fitAddon.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || proposed.cols <= 0) return;
    const current = this.terminal.options.fontSize ?? FONT_SIZE;
    const wanted = Math.floor(current * (proposed.cols / cols) * 10) / 10;
    const size = Math.max(MIN_REMOTE_FONT_SIZE, Math.min(FONT_SIZE, wanted));
    if (Math.abs(size - current) >= 0.1) this.terminal.options.fontSize = size;
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

/**
 * A read-only window into the page for automated browser tests. xterm.js
 * draws rows that are awkward to scrape; its buffer is the truth. Installed
 * only when the browser is driven by automation (navigator.webdriver), so
 * learners' pages carry no extra global.
 */
import type { Terminal } from '@xterm/xterm';
import type { Disposable } from './disposable-store.js';
import { toDisposable } from './disposable-store.js';

export interface SyslabTestApi {
  /** The terminal's scrollback and screen as text, one line per row (wrapped rows joined). */
  terminalText(): string;
  /** The id of the session the terminal is attached to, if any. */
  sessionId(): string | null;
  /** The terminal's size in cells, to see it refit when the layout changes. */
  terminalSize(): { cols: number; rows: number } | null;
}

interface TestSubject {
  terminal: Terminal;
  sessionId(): string | null;
}

declare global {
  interface Window {
    __syslab?: SyslabTestApi;
  }
}

export class TestHook {
  private subject: TestSubject | null = null;

  install(target: Window = window): void {
    if (!target.navigator.webdriver) return;
    target.__syslab = Object.freeze({
      terminalText: () => (this.subject ? bufferText(this.subject.terminal) : ''),
      sessionId: () => this.subject?.sessionId() ?? null,
      terminalSize: () => (this.subject ? { cols: this.subject.terminal.cols, rows: this.subject.terminal.rows } : null),
    });
  }

  /** Points the hook at the terminal on screen until the returned disposable is released. */
  expose(subject: TestSubject): Disposable {
    this.subject = subject;
    return toDisposable(() => {
      if (this.subject === subject) this.subject = null;
    });
  }
}

export function bufferText(terminal: Terminal): string {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    if (!line) continue;
    // Untrimmed, so a row that wraps keeps its trailing spaces when joined.
    const text = line.translateToString(false);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}

/**
 * Lab Markdown to DOM. Lab text is content, not code: markdown-it runs with
 * raw HTML off, DOMPurify cleans what it produced anyway (a renderer bug must
 * not become an XSS), and the result is a DOM fragment, never a string put
 * into innerHTML. ```run and ```ctrl-c blocks (docs/authoring.md) become
 * buttons that type into the terminal.
 */
import DOMPurify from 'dompurify';
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import { RunnableFence } from '../../../common/src/lab-api.js';
import { el } from '../dom-builder.js';

/** Where the runnable blocks' buttons send their keystrokes. */
export interface TerminalInput {
  /** Types `text` into the shell; false when the terminal is not connected. */
  send(text: string): boolean;
}

/** The class every runnable button carries, so the guide can disable them all while offline. */
export const RUN_BUTTON_CLASS = 'run-button';

const CTRL_C = '\x03';

interface Runnable {
  kind: 'run' | 'ctrl-c';
  text: string;
}

export class MarkdownRenderer {
  private readonly md: MarkdownItInstance;
  /** The runnable blocks of the render in progress (render is synchronous). */
  private runnables: Runnable[] = [];

  constructor(private readonly input: TerminalInput) {
    // linkify off: a path or host name in prose should stay text.
    this.md = new MarkdownIt({ html: false, linkify: false, typographer: false });
    const plainFence = this.md.renderer.rules.fence!;
    this.md.renderer.rules.fence = (tokens, idx, options, env, self) => {
      const token = tokens[idx]!;
      const kind = fenceKind(token.info);
      if (!kind) return plainFence(tokens, idx, options, env, self);
      const n = this.runnables.push({ kind, text: token.content }) - 1;
      // A placeholder the DOM pass below turns into the block and its button.
      return `<div data-runnable="${n}"></div>\n`;
    };
  }

  /** Renders `markdown` into a new element with class `markdown` (plus `className`). */
  render(markdown: string, className = ''): HTMLElement {
    this.runnables = [];
    const html = this.md.render(markdown);
    const runnables = this.runnables;
    const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
    for (const link of fragment.querySelectorAll('a[href]')) {
      // Lab links lead away from the terminal; keep the lab open and give the
      // other page no handle on this one.
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    }
    for (const placeholder of fragment.querySelectorAll<HTMLElement>('[data-runnable]')) {
      const runnable = runnables[Number(placeholder.dataset.runnable)];
      placeholder.replaceWith(runnable ? this.runnableBlock(runnable) : '');
    }
    const host = el('div', { className: `markdown ${className}`.trim() });
    host.append(fragment);
    return host;
  }

  private runnableBlock(runnable: Runnable): HTMLElement {
    if (runnable.kind === 'ctrl-c') {
      const button = this.button('Ctrl-C', 'Send Ctrl-C to the terminal (stops the program in the foreground)', CTRL_C, 'ctrl-c');
      return el('div', { className: 'runnable runnable-ctrl-c' }, button, el('span', { className: 'muted', text: 'stops the program in the foreground' }));
    }
    const text = runnable.text.replace(/\n$/, '');
    const button = this.button('Run', 'Type this into the terminal', keystrokes(text), 'run');
    return el('div', { className: 'runnable' },
      el('pre', {}, el('code', { text })),
      button,
    );
  }

  private button(label: string, title: string, keys: string, testId: string): HTMLButtonElement {
    const button = el('button', {
      className: `button ${RUN_BUTTON_CLASS}`,
      text: label,
      testId,
      attrs: { type: 'button', title },
    });
    button.addEventListener('click', () => {
      this.input.send(keys);
    });
    return button;
  }
}

/** Each line as if typed and followed by Enter, in one write so lines cannot interleave with other input. */
export function keystrokes(text: string): string {
  return text.split('\n').map((line) => `${line}\r`).join('');
}

function fenceKind(info: string): Runnable['kind'] | null {
  const name = info.trim().split(/\s+/)[0];
  if (name === RunnableFence.RUN) return 'run';
  if (name === RunnableFence.CTRL_C) return 'ctrl-c';
  return null;
}

/**
 * A drop-down of the sandbox's processes bound to the shared selection, for
 * the tabs that show one process. Its first entry follows the default (the
 * foreground process, else the shell) and names whom that is right now.
 */
import type { ProcessInfo } from '../../../common/src/inspect-api.js';
import type { Disposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { ProcessSelection } from './process-selection.js';
import { commandLine } from './process-tree.js';
import { truncate } from './svg-builder.js';

const AUTO = '';

export class ProcessPicker implements Disposable {
  readonly element: HTMLSelectElement;
  private readonly subscription: Disposable;
  private signature = '';

  constructor(private readonly selection: ProcessSelection, testId: string) {
    this.element = el('select', { className: 'process-picker', testId, attrs: { 'aria-label': 'Process' } });
    this.element.addEventListener('change', () => {
      const value = this.element.value;
      selection.select(value === AUTO ? null : Number(value));
    });
    this.subscription = selection.onChange(() => this.syncValue());
  }

  /** `fallback` is whom the automatic entry stands for now. */
  update(processes: readonly ProcessInfo[], fallback: ProcessInfo | null): void {
    const sorted = [...processes].sort((a, b) => a.pid - b.pid);
    const options = [
      [AUTO, `Foreground${fallback ? `: ${fallback.pid} ${truncate(commandLine(fallback), 24)}` : ''}`],
      ...sorted.map((p) => [String(p.pid), `${p.pid} ${truncate(commandLine(p), 40)}`]),
    ];
    const signature = JSON.stringify(options);
    if (signature !== this.signature) {
      this.signature = signature;
      this.element.replaceChildren(...options.map(([value, text]) => el('option', { text, attrs: { value: value! } })));
    }
    this.syncValue();
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private syncValue(): void {
    const value = this.selection.pid === null ? AUTO : String(this.selection.pid);
    if (this.element.value !== value) this.element.value = value;
  }
}

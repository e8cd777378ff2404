/**
 * One step of the guide: its text with runnable blocks, the Check button with
 * its outcome, and Back/Next. Rebuilt whenever the learner moves; the guide
 * tells it what checks find.
 */
import type { PublicStep, StepView as InspectorView } from '../../../common/src/lab-api.js';
import { el } from '../dom-builder.js';
import { requestInspector } from '../inspect/inspector-request.js';
import type { View } from '../view.js';
import type { MarkdownRenderer } from './markdown-renderer.js';

export type CheckDisplay =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'passed' }
  | { kind: 'hint'; text: string }
  | { kind: 'error'; text: string };

export interface StepViewOptions {
  step: PublicStep;
  total: number;
  passed: boolean;
  renderer: MarkdownRenderer;
  onCheck(): void;
  /** Null on the first step. */
  onBack: (() => void) | null;
  onNext(): void;
}

const INSPECTOR_NAMES: Record<InspectorView, string> = {
  processes: 'Processes',
  memory: 'Memory',
  ipc: 'IPC',
  syscalls: 'System calls',
};

export class StepView implements View {
  private readonly checkButton = el('button', { className: 'button button-primary', text: 'Check', testId: 'check', attrs: { type: 'button' } });
  private readonly status = el('span', { className: 'check-status', testId: 'check-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly hint = el('p', { className: 'check-hint', testId: 'hint', attrs: { hidden: '' } });
  private readonly next = el('button', { className: 'button', testId: 'next', attrs: { type: 'button' } });
  private root: HTMLElement | null = null;

  constructor(private readonly options: StepViewOptions) {}

  activate(host: HTMLElement): void {
    const { step, total, renderer } = this.options;
    const back = el('button', { className: 'button', text: '← Back', testId: 'back', attrs: { type: 'button' } });
    back.disabled = this.options.onBack === null;
    const next = this.next;
    next.textContent = step.index === total ? 'Finish & quiz →' : 'Next →';
    back.addEventListener('click', () => this.options.onBack?.());
    next.addEventListener('click', () => this.options.onNext());
    this.checkButton.addEventListener('click', () => this.options.onCheck());

    this.root = el('article', { className: 'guide-step', testId: 'step', attrs: { 'data-step-index': String(step.index) } },
      el('p', { className: 'eyebrow', text: `Step ${step.index} of ${total}` }),
      el('h2', { className: 'step-title', text: step.title }),
      step.view ? inspectorButton(step.view) : null,
      renderer.render(step.text, 'step-text'),
      el('div', { className: 'check-bar' }, this.checkButton, this.status),
      this.hint,
      el('nav', { className: 'step-nav', attrs: { 'aria-label': 'Steps' } }, back, el('span', { className: 'spacer' }), next),
    );
    host.replaceChildren(this.root);
    this.show(this.options.passed ? { kind: 'passed' } : { kind: 'idle' });
    // The view this step is about comes up beside the terminal as the step opens.
    if (step.view) requestInspector(this.root, { view: step.view, reason: 'step' });
  }

  show(display: CheckDisplay): void {
    if (!this.root) return;
    this.root.dataset.passed = String(display.kind === 'passed');
    this.root.dataset.check = display.kind;
    this.checkButton.disabled = display.kind === 'checking' || display.kind === 'passed';
    // Once the step is done, moving on is the thing to do.
    this.next.classList.toggle('button-primary', display.kind === 'passed');
    this.checkButton.classList.toggle('loading', display.kind === 'checking');
    this.checkButton.textContent = display.kind === 'checking' ? 'Checking…' : 'Check';
    this.status.textContent = display.kind === 'passed' ? '✓ Done' : '';
    this.status.dataset.tone = display.kind === 'passed' ? 'ok' : '';
    const hint = display.kind === 'hint' || display.kind === 'error' ? display.text : '';
    this.hint.textContent = hint;
    this.hint.dataset.tone = display.kind === 'error' ? 'error' : 'hint';
    this.hint.hidden = hint === '';
  }

  /** Whether a hint is on screen: background checks keep it current, but never add one unasked. */
  get showsHint(): boolean {
    return !this.hint.hidden;
  }

  dispose(): void {
    this.root?.remove();
    this.root = null;
  }
}

/** Opens the live inspector this step is about, under the terminal. */
function inspectorButton(view: InspectorView): HTMLElement {
  const button = el('button', {
    className: 'inspector-badge',
    testId: 'inspector-badge',
    attrs: { type: 'button', 'data-view': view, title: 'Show it under the terminal; it updates as you type' },
  },
  el('span', { text: `Open the ${INSPECTOR_NAMES[view]} view` }));
  button.addEventListener('click', () => requestInspector(button, { view, reason: 'click' }));
  return button;
}

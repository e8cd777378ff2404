/**
 * The lab's steps as a progress list: a tick on each passed step, the open
 * one highlighted, the quiz last. Each entry moves the guide there.
 */
import type { LabPublicView } from '../../../common/src/lab-api.js';
import { el } from '../dom-builder.js';

export class StepListView {
  readonly element: HTMLElement;
  private readonly summary = el('p', { className: 'step-list-summary', testId: 'progress-summary' });
  private readonly items: HTMLButtonElement[];

  /** `onSelect` gets a step index from 1, or steps + 1 for the quiz. */
  constructor(lab: LabPublicView, onSelect: (position: number) => void) {
    const entries = [...lab.steps.map((step) => ({ position: step.index, label: step.title })), { position: lab.steps.length + 1, label: 'Quiz' }];
    this.items = entries.map(({ position, label }) => {
      const button = el('button', {
        className: 'step-list-item',
        testId: 'step-list-item',
        attrs: { type: 'button', 'data-position': String(position) },
      },
      el('span', { className: 'step-marker', attrs: { 'aria-hidden': 'true' }, text: position > lab.steps.length ? '?' : String(position) }),
      el('span', { className: 'step-label', text: label }));
      button.addEventListener('click', () => onSelect(position));
      return button;
    });
    this.element = el('nav', { className: 'step-list', attrs: { 'aria-label': 'Progress' } },
      this.summary,
      el('ol', {}, ...this.items.map((item) => el('li', {}, item))),
    );
  }

  update(passed: ReadonlySet<number>, position: number, quizTaken: boolean): void {
    const steps = this.items.length - 1;
    this.items.forEach((item, i) => {
      const at = i + 1;
      const done = at <= steps ? passed.has(at) : quizTaken;
      item.dataset.passed = String(done);
      item.toggleAttribute('aria-current', at === position);
      if (at === position) item.setAttribute('aria-current', 'step');
      const marker = item.firstElementChild;
      if (marker) marker.textContent = done ? '✓' : at <= steps ? String(at) : '?';
      item.title = done ? 'Done' : '';
    });
    this.summary.textContent = `${passed.size} of ${steps} ${steps === 1 ? 'step' : 'steps'} done`;
  }
}

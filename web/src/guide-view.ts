/**
 * The guide pane beside the terminal. For now it introduces the lab; the lab
 * engine will render steps, checks and the quiz here, each as its own view.
 */
import type { LabSummary } from '../../common/src/api.js';
import { el } from './dom-builder.js';
import { ROUTE_LINK_ATTRIBUTE } from './router.js';
import type { View } from './view.js';

export class GuideView implements View {
  private host: HTMLElement | null = null;

  activate(host: HTMLElement): void {
    this.host = host;
    host.replaceChildren(el('p', { className: 'muted', text: 'Loading the lab…' }));
  }

  showLab(lab: LabSummary): void {
    this.host?.replaceChildren(
      el('p', { className: 'eyebrow', text: 'Lab' }),
      el('h1', { className: 'guide-title', text: lab.title }),
      el('p', { className: 'guide-summary', text: lab.summary }),
      el('p', { className: 'lab-meta', text: stepCount(lab.steps) }),
      el('section', { className: 'guide-steps', attrs: { 'aria-label': 'Steps' } },
        el('p', { className: 'muted', text: 'The terminal on the right is a real shell in your own sandbox. Nothing you do there can harm anyone else.' }),
      ),
    );
  }

  showError(title: string, message: string): void {
    this.host?.replaceChildren(
      el('h1', { className: 'guide-title', text: title }),
      el('p', { className: 'error-text', text: message, attrs: { role: 'alert' } }),
      el('a', { className: 'button-link', text: '← All labs', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '' } }),
    );
  }

  dispose(): void {
    this.host?.replaceChildren();
    this.host = null;
  }
}

export function stepCount(steps: number): string {
  return steps === 1 ? '1 step' : `${steps} steps`;
}

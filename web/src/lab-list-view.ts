/** The home page: every lab the server offers, as cards that open it. */
import type { LabSummary } from '../../common/src/api.js';
import type { SyslabApi } from './api-client.js';
import { el } from './dom-builder.js';
import { stepCount } from './guide-view.js';
import { labPath, ROUTE_LINK_ATTRIBUTE } from './router.js';
import type { View } from './view.js';

export class LabListView implements View {
  private readonly abort = new AbortController();
  private list: HTMLElement | null = null;

  constructor(private readonly api: SyslabApi) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — labs';
    this.list = el('div', { className: 'lab-list-body' });
    host.replaceChildren(
      el('section', { className: 'lab-list-page' },
        el('header', { className: 'page-intro' },
          el('h1', { text: 'Labs' }),
          el('p', { className: 'muted', text: 'Each lab gives you a real Linux shell in a sandbox of your own, and a guide beside it.' }),
        ),
        this.list,
      ),
    );
    void this.load();
  }

  dispose(): void {
    this.abort.abort();
    this.list = null;
  }

  private async load(): Promise<void> {
    const list = this.list;
    if (!list) return;
    list.setAttribute('aria-busy', 'true');
    list.replaceChildren(el('p', { className: 'muted loading', text: 'Loading labs…' }));
    try {
      const labs = await this.api.listLabs(this.abort.signal);
      list.replaceChildren(labs.length > 0 ? this.renderCards(labs) : el('p', { className: 'muted', text: 'No labs are installed on this server.' }));
    } catch (error) {
      if (this.abort.signal.aborted) return;
      list.replaceChildren(
        el('div', { className: 'error-panel', attrs: { role: 'alert' } },
          el('p', { className: 'error-title', text: 'Could not load the labs.' }),
          el('p', { className: 'error-text', text: error instanceof Error ? error.message : String(error) }),
          this.retryButton(),
        ),
      );
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  private retryButton(): HTMLButtonElement {
    const button = el('button', { className: 'button', text: 'Try again', attrs: { type: 'button' } });
    button.addEventListener('click', () => void this.load());
    return button;
  }

  private renderCards(labs: LabSummary[]): HTMLElement {
    return el('ul', { className: 'lab-grid' },
      ...labs.map((lab) =>
        el('li', {},
          el('a', {
            className: 'lab-card',
            testId: 'lab-card',
            attrs: { href: labPath(lab.id), 'data-lab-id': lab.id, [ROUTE_LINK_ATTRIBUTE]: '' },
          },
            el('h2', { className: 'lab-card-title', text: lab.title }),
            el('p', { className: 'lab-card-summary', text: lab.summary }),
            el('p', { className: 'lab-meta', text: stepCount(lab.steps) }),
          ),
        ),
      ),
    );
  }
}

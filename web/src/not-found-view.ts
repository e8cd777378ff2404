/** Any path the router does not know. */
import { el } from './dom-builder.js';
import { ROUTE_LINK_ATTRIBUTE } from './router.js';
import type { View } from './view.js';

export class NotFoundView implements View {
  constructor(private readonly path: string) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — not found';
    host.replaceChildren(
      el('section', { className: 'lab-list-page' },
        el('h1', { text: 'Nothing here' }),
        el('p', { className: 'muted', text: `There is no page at ${this.path}.` }),
        el('a', { className: 'button-link', text: '← All labs', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '' } }),
      ),
    );
  }

  dispose(): void {}
}

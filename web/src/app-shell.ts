/** The frame every page shares: the top bar and the outlet views render into. */
import { el } from './dom-builder.js';
import { ROUTE_LINK_ATTRIBUTE } from './router.js';

export function renderAppShell(root: HTMLElement): { outlet: HTMLElement } {
  const outlet = el('main', { className: 'outlet' });
  root.replaceChildren(
    el('header', { className: 'top-bar' },
      el('a', { className: 'brand', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '', 'aria-label': 'syslab home' } },
        el('span', { className: 'brand-prompt', text: '$', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'brand-name', text: 'syslab' }),
      ),
      el('nav', { className: 'top-nav', attrs: { 'aria-label': 'Main' } },
        el('a', { text: 'Labs', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '' } }),
      ),
    ),
    outlet,
  );
  return { outlet };
}

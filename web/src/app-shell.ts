/** The frame every page shares: the top bar and the outlet views render into. */
import { el } from './dom-builder.js';
import { ROUTE_LINK_ATTRIBUTE } from './router.js';

export function renderAppShell(root: HTMLElement): { outlet: HTMLElement; extras: HTMLElement } {
  const outlet = el('main', { className: 'outlet' });
  /** Right of the nav: what a feature adds to every page (a learner's workshop). */
  const extras = el('div', { className: 'top-bar-extras' });
  root.replaceChildren(
    el('header', { className: 'top-bar' },
      el('a', { className: 'brand', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '', 'aria-label': 'syslab home' } },
        el('span', { className: 'brand-prompt', text: '$', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'brand-name', text: 'syslab' }),
      ),
      el('nav', { className: 'top-nav', attrs: { 'aria-label': 'Main' } },
        el('a', { text: 'Labs', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '' } }),
        el('a', { text: 'Join a workshop', attrs: { href: '/workshop', [ROUTE_LINK_ATTRIBUTE]: '' } }),
        el('a', { text: 'Instructor', attrs: { href: '/instructor', [ROUTE_LINK_ATTRIBUTE]: '' } }),
      ),
      extras,
    ),
    outlet,
  );
  return { outlet, extras };
}

/**
 * History routing for the two pages. The server answers every unknown path
 * with index.html (SPA fallback), so /labs/<id> can be reloaded and shared.
 */
import type { Disposable } from './disposable-store.js';
import { DisposableStore } from './disposable-store.js';

export type Route =
  | { name: 'labs' }
  | { name: 'lab'; labId: string }
  | { name: 'workshop-results'; workshopId: string }
  | { name: 'replay'; recordingId: string }
  | { name: 'instructor' }
  | { name: 'workshop-dashboard'; workshopId: string }
  | { name: 'join'; code: string }
  | { name: 'my-workshop' }
  | { name: 'not-found'; path: string };

export function labPath(labId: string): string {
  return `/labs/${encodeURIComponent(labId)}`;
}

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/labs') return { name: 'labs' };
  const match = /^\/labs\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    try {
      return { name: 'lab', labId: decodeURIComponent(match[1]) };
    } catch {
      // A malformed escape is just a path we do not know.
    }
  }
  const results = /^\/workshops\/([a-z0-9]+)\/results$/.exec(path);
  if (results?.[1]) return { name: 'workshop-results', workshopId: results[1] };
  if (path === '/instructor') return { name: 'instructor' };
  if (path === '/workshop') return { name: 'my-workshop' };
  const dashboard = /^\/workshops\/(w[a-z2-7]+)$/.exec(path);
  if (dashboard?.[1]) return { name: 'workshop-dashboard', workshopId: dashboard[1] };
  const join = /^\/join(?:\/([A-Za-z0-9 -]{0,16}))?$/.exec(path);
  if (join) return { name: 'join', code: join[1] ?? '' };
  const replay = /^\/recordings\/([0-9a-f-]+)$/.exec(path);
  if (replay?.[1]) return { name: 'replay', recordingId: replay[1] };
  return { name: 'not-found', path: pathname };
}

/** Marks an <a> as an in-page link: the router handles the click, no reload. */
export const ROUTE_LINK_ATTRIBUTE = 'data-route';

export class Router implements Disposable {
  private readonly disposables = new DisposableStore();

  constructor(private readonly onRoute: (route: Route) => void) {}

  start(): void {
    this.disposables.listen(window, 'popstate', () => this.emit());
    this.disposables.listen(document.documentElement, 'click', (event) => this.interceptLinkClick(event));
    this.emit();
  }

  navigate(path: string): void {
    if (path !== location.pathname) history.pushState(null, '', path);
    this.emit();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private emit(): void {
    this.onRoute(parseRoute(location.pathname));
  }

  private interceptLinkClick(event: MouseEvent): void {
    // Let the browser handle new-tab clicks and anything that is not a plain left click.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest(`a[${ROUTE_LINK_ATTRIBUTE}]`) : null;
    if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
    event.preventDefault();
    this.navigate(link.pathname);
  }
}

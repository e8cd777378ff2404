/**
 * The learner's page for their workshop (/workshop): its labs in the
 * instructor's order, and what the instructor announced. A browser that has
 * not joined one gets the join form instead.
 */
import type { SyslabApi } from '../api-client.js';
import { el } from '../dom-builder.js';
import { stepCount } from '../guide-view.js';
import { labPath, ROUTE_LINK_ATTRIBUTE } from '../router.js';
import type { SessionStore } from '../session-store.js';
import type { View } from '../view.js';
import { JoinView } from './join-view.js';
import type { WorkshopMembership } from './workshop-membership.js';
import './workshop.css';

export class LearnerWorkshopView implements View {
  private readonly abort = new AbortController();
  private join: JoinView | null = null;

  constructor(
    private readonly membership: WorkshopMembership,
    private readonly labs: SyslabApi,
    private readonly store: SessionStore,
    private readonly navigate: (path: string) => void,
  ) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — workshop';
    host.replaceChildren(el('p', { className: 'muted loading page-loading', text: 'Loading…' }));
    void this.load(host);
  }

  dispose(): void {
    this.abort.abort();
    this.join?.dispose();
  }

  private async load(host: HTMLElement): Promise<void> {
    const [me, labs] = await Promise.all([this.membership.view(), this.labs.listLabs(this.abort.signal).catch(() => [])]);
    if (this.abort.signal.aborted) return;
    if (!me) {
      this.join = new JoinView('', this.membership, this.store, this.navigate);
      this.join.activate(host);
      return;
    }
    document.title = `syslab — ${me.workshop.title}`;
    const byId = new Map(labs.map((l) => [l.id, l]));
    host.replaceChildren(el('section', { className: 'lab-list-page learner-workshop', testId: 'learner-workshop' },
      el('header', { className: 'page-intro' },
        el('p', { className: 'eyebrow', text: me.workshop.closed ? 'Workshop · ended' : 'Workshop' }),
        el('h1', { text: me.workshop.title }),
        el('p', { className: 'muted' }, 'You joined as ', el('strong', { text: me.participant.name, testId: 'my-name' }),
          me.workshop.closed ? '. The workshop has ended; your progress is kept.' : '. Open a lab to start; your instructor sees your progress.'),
      ),
      el('ol', { className: 'lab-grid workshop-labs' }, ...me.workshop.labs.map((id, i) => {
        const lab = byId.get(id);
        return el('li', {}, el('a', { className: 'lab-card', testId: 'workshop-lab', attrs: { href: labPath(id), [ROUTE_LINK_ATTRIBUTE]: '', 'data-lab-id': id } },
          el('p', { className: 'eyebrow', text: `Lab ${i + 1}` }),
          el('h2', { className: 'lab-card-title', text: lab?.title ?? id }),
          el('p', { className: 'lab-card-summary', text: lab?.summary ?? '' }),
          el('p', { className: 'lab-meta', text: lab ? stepCount(lab.steps) : '' })));
      })),
      me.announcements.length > 0
        ? el('section', { className: 'announcement-log' },
          el('h2', { text: 'Announcements' }),
          el('ul', {}, ...[...me.announcements].reverse().map((a) => el('li', {},
            el('time', { className: 'muted', text: new Date(a.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), attrs: { datetime: a.sentAt } }),
            el('span', { text: a.message })))))
        : '',
    ));
  }
}

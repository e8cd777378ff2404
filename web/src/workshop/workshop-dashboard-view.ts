/**
 * The instructor's dashboard for one workshop (/workshops/<id>): the join
 * code to read out, every learner as a card updating live (SSE), a learner's
 * terminal to watch (and type in, once they allow it), the instructor's own
 * terminal to share, announcements, closing the workshop.
 */
import type { LabSummary } from '../../../common/src/api.js';
import type { ParticipantStatus, WorkshopView } from '../../../common/src/workshop-api.js';
import { shadowTerminalPath } from '../../../common/src/workshop-api.js';
import type { SyslabApi } from '../api-client.js';
import { DisposableStore, toDisposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import { isSignInError, renderSignIn } from '../results/instructor-sign-in.js';
import { ROUTE_LINK_ATTRIBUTE } from '../router.js';
import type { ConnectionState } from '../terminal-connection.js';
import type { View } from '../view.js';
import { BroadcastConsole } from './broadcast-console.js';
import { participantCard } from './participant-card.js';
import { orderParticipants, PARTICIPANT_ORDERS, type ParticipantOrder } from './participant-order.js';
import { RemoteTerminal } from './remote-terminal.js';
import { isWorkshopView, workshopPath, type WorkshopApi } from './workshop-client.js';
import './workshop.css';

/** "Time on step" moves with the clock; redraw the cards this often between server updates. */
const CLOCK_TICK_MS = 15_000;

interface Shadow {
  participantId: string;
  sessionId: string;
  typing: boolean;
  terminal: RemoteTerminal;
}

export class WorkshopDashboardView implements View {
  private readonly disposables = new DisposableStore();
  private readonly abort = new AbortController();
  private readonly page = el('section', { className: 'workshop-page', testId: 'workshop-dashboard' });
  private readonly grid = el('ul', { className: 'participant-grid', testId: 'participant-grid', attrs: { 'aria-live': 'polite' } });
  private readonly side = el('div', { className: 'dashboard-side' });
  private readonly flash = el('p', { className: 'dashboard-flash', attrs: { role: 'status', hidden: '' } });
  private state: WorkshopView | null = null;
  private labTitles = new Map<string, string>();
  private shadow: Shadow | null = null;
  private shadowHost: HTMLElement | null = null;
  private broadcast: { sessionId: string; console: BroadcastConsole; element: HTMLElement } | null = null;
  private events: EventSource | null = null;
  private order: ParticipantOrder = 'joined';
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** Requests the instructor withdrew themselves (not a learner's "not now"). */
  private readonly withdrawn = new Set<string>();

  constructor(private readonly workshopId: string, private readonly api: WorkshopApi, private readonly labs: SyslabApi) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — workshop';
    host.replaceChildren(this.page);
    this.page.replaceChildren(el('p', { className: 'muted loading', text: 'Loading the workshop…' }));
    this.disposables.add(toDisposable(() => this.abort.abort()));
    this.disposables.add(toDisposable(() => this.events?.close()));
    this.disposables.add(toDisposable(() => this.shadow?.terminal.dispose()));
    this.disposables.add(toDisposable(() => this.broadcast?.console.dispose()));
    this.disposables.add(toDisposable(() => clearTimeout(this.flashTimer)));
    const tick = setInterval(() => this.renderCards(), CLOCK_TICK_MS);
    this.disposables.add(toDisposable(() => clearInterval(tick)));
    void this.load();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async load(): Promise<void> {
    try {
      const [view, labs] = await Promise.all([
        this.api.get(this.workshopId, this.abort.signal),
        this.labs.listLabs(this.abort.signal).catch(() => [] as LabSummary[]),
      ]);
      this.labTitles = new Map(labs.map((l) => [l.id, l.title]));
      this.renderPage(view);
      this.update(view);
      this.listen();
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (isSignInError(error)) {
        this.page.replaceChildren(el('div', { className: 'sign-in-page' }, renderSignIn(error, this.api, () => void this.load())));
        return;
      }
      this.page.replaceChildren(el('div', { className: 'error-panel', attrs: { role: 'alert' } },
        el('p', { className: 'error-title', text: 'Could not open this workshop.' }),
        el('p', { className: 'error-text', text: error instanceof Error ? error.message : String(error) }),
        el('a', { className: 'button-link', text: 'All workshops', attrs: { href: '/instructor', [ROUTE_LINK_ATTRIBUTE]: '' } }),
      ));
    }
  }

  /** The stream sends the whole view on connect and whenever it changes; EventSource reconnects by itself. */
  private listen(): void {
    this.events?.close();
    const source = new EventSource(`${workshopPath(this.workshopId)}/events`);
    source.addEventListener('workshop', (event) => {
      const data: unknown = JSON.parse((event as MessageEvent<string>).data);
      if (isWorkshopView(data)) this.update(data);
    });
    this.events = source;
  }

  private renderPage(view: WorkshopView): void {
    const w = view.workshop;
    document.title = `syslab — ${w.title}`;
    const link = `${location.origin}${w.joinPath}`;
    const copy = el('button', { className: 'button', text: 'Copy link', testId: 'copy-join-link', attrs: { type: 'button' } });
    copy.addEventListener('click', () => {
      void navigator.clipboard?.writeText(link).then(() => this.say('Join link copied.'), () => this.say(link));
    });
    const joinBox = el('div', { className: 'join-box', testId: 'join-box' },
      el('p', { className: 'eyebrow', text: 'Join code' }),
      el('p', { className: 'join-code', testId: 'join-code', text: w.code }),
      el('p', { className: 'join-link' }, el('span', { className: 'muted', text: 'or open ' }), el('a', { text: link, attrs: { href: w.joinPath } })),
      copy,
    );

    const shareButton = el('button', { className: 'button', testId: 'share-terminal', attrs: { type: 'button' } });
    shareButton.addEventListener('click', () => void (this.broadcast ? this.stopSharing() : this.startSharing()));
    const announceInput = el('input', {
      className: 'answer-input announce-input', testId: 'announce-input',
      attrs: { type: 'text', maxlength: '500', placeholder: 'Message to everyone, e.g. “Break until 11:00”', 'aria-label': 'Announcement' },
    });
    const announceForm = el('form', { className: 'announce-form', testId: 'announce-form' },
      announceInput, el('button', { className: 'button button-primary', text: 'Announce', attrs: { type: 'submit' } }));
    announceForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = announceInput.value.trim();
      if (!message) return;
      this.api.announce(this.workshopId, message).then(() => {
        announceInput.value = '';
        this.say('Sent to everyone.');
        void this.refresh();
      }, (e: unknown) => this.say(messageOf(e)));
    });
    const close = el('button', { className: 'button button-danger', text: 'Close workshop', testId: 'close-workshop', attrs: { type: 'button' } });
    close.addEventListener('click', () => {
      if (!confirm(`Close “${w.title}”? Every learner’s sandbox ends now; their progress and results are kept.`)) return;
      this.api.close(this.workshopId).then(() => void this.refresh(), (e: unknown) => this.say(messageOf(e)));
    });

    this.page.replaceChildren(
      el('header', { className: 'workshop-header' },
        el('div', { className: 'workshop-heading' },
          el('p', { className: 'eyebrow' }, el('a', { text: 'Workshops', attrs: { href: '/instructor', [ROUTE_LINK_ATTRIBUTE]: '' } }), ' / ',
            el('span', { className: 'workshop-state', testId: 'workshop-state', text: 'live' })),
          el('h1', { text: w.title, testId: 'workshop-title' }),
          el('p', { className: 'muted workshop-meta', testId: 'workshop-meta' }),
        ),
        joinBox,
      ),
      el('div', { className: 'workshop-toolbar' },
        announceForm,
        el('span', { className: 'spacer' }),
        shareButton,
        el('a', { className: 'button-link', text: 'Results', testId: 'results-link', attrs: { href: `/workshops/${encodeURIComponent(w.id)}/results`, [ROUTE_LINK_ATTRIBUTE]: '' } }),
        close,
      ),
      el('p', { className: 'closed-note', testId: 'closed-note' }),
      this.flash,
      el('div', { className: 'dashboard-layout' }, el('div', { className: 'dashboard-main' }, this.orderBar(), this.grid), this.side),
    );
  }

  private update(view: WorkshopView): void {
    // A request that went back to the learner without being granted: they said no.
    for (const p of view.participants) {
      const before = this.state?.participants.find((x) => x.id === p.id);
      if (before?.keyboard === 'requested' && p.keyboard === 'learner' && p.sessionId === before.sessionId && !this.withdrawn.delete(p.id)) {
        this.say(`${p.name} would rather keep the keyboard for now.`);
      }
    }
    this.state = view;
    const w = view.workshop;
    const meta = this.page.querySelector('[data-testid="workshop-meta"]');
    if (meta) {
      const stuck = view.participants.filter((p) => p.stuck).length;
      meta.textContent = [
        `${w.participants} ${w.participants === 1 ? 'learner' : 'learners'}`,
        w.labs.map((l) => this.labTitle(l)).join(', '),
        ...(stuck > 0 ? [`${stuck} stuck`] : []),
        w.closedAt ? `closed ${new Date(w.closedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'open',
      ].join(' · ');
    }
    this.page.dataset.closed = String(w.closedAt !== null);
    const state = this.page.querySelector('[data-testid="workshop-state"]');
    if (state) state.textContent = w.closedAt ? 'ended' : 'live';
    const note = this.page.querySelector('[data-testid="closed-note"]');
    if (note) {
      note.textContent = w.closedAt
        ? `This workshop ended at ${new Date(w.closedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: its code no longer works and every sandbox has ended. Progress, results and recordings are kept.`
        : '';
    }
    for (const b of this.page.querySelectorAll<HTMLButtonElement>('[data-testid="share-terminal"], [data-testid="close-workshop"], .announce-form button')) {
      b.disabled = w.closedAt !== null;
    }
    const share = this.page.querySelector('[data-testid="share-terminal"]');
    if (share) share.textContent = view.broadcast ? 'Stop sharing' : 'Share my terminal';
    if (view.broadcast && this.broadcast?.sessionId !== view.broadcast.sessionId) this.openConsole(view.broadcast.sessionId);
    if (!view.broadcast && this.broadcast) this.closeConsole();
    this.syncShadow(view.participants);
    this.renderCards();
  }

  private orderBar(): HTMLElement {
    const buttons = (Object.keys(PARTICIPANT_ORDERS) as ParticipantOrder[]).map((order) => {
      const b = el('button', {
        className: 'segment', text: PARTICIPANT_ORDERS[order], testId: `order-${order}`,
        attrs: { type: 'button', 'aria-pressed': String(order === this.order) },
      });
      b.addEventListener('click', () => {
        this.order = order;
        for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
        this.renderCards();
      });
      return b;
    });
    return el('div', { className: 'order-bar', attrs: { role: 'group', 'aria-label': 'Order of learners' } },
      el('span', { className: 'order-label', text: 'Order' }), el('div', { className: 'segments' }, ...buttons));
  }

  private renderCards(): void {
    const view = this.state;
    if (!view) return;
    const now = Date.now();
    if (view.participants.length === 0) {
      this.grid.replaceChildren(el('li', { className: 'participant-empty' },
        el('p', { className: 'empty-title', text: 'Nobody has joined yet.' }),
        el('p', { className: 'muted', text: `Read out the code ${view.workshop.code}, or share the link. Learners appear here as they join.` })));
      return;
    }
    this.grid.replaceChildren(...orderParticipants(view.participants, this.order).map((p) => participantCard(p, (id) => this.labTitle(id), now, {
      watch: (x) => this.watch(x),
      askKeyboard: (x) => void this.api.requestKeyboard(this.workshopId, x.id).then(() => this.say(`Asked ${x.name} for their keyboard.`), (e: unknown) => this.say(messageOf(e))),
      releaseKeyboard: (x) => {
        if (x.keyboard === 'requested') this.withdrawn.add(x.id);
        void this.api.releaseKeyboard(this.workshopId, x.id).then(() => void this.refresh(), (e: unknown) => this.say(messageOf(e)));
      },
    }, this.shadow?.participantId === p.id)));
  }

  private watch(p: ParticipantStatus): void {
    if (!p.sessionId) return;
    if (this.shadow?.participantId === p.id && this.shadow.sessionId === p.sessionId) {
      this.closeShadow();
      return;
    }
    this.closeShadow();
    const typing = p.keyboard === 'instructor';
    const status = el('span', { className: 'status-pill', testId: 'shadow-status' });
    const host = el('div', { className: 'terminal-host', testId: 'shadow-terminal' });
    const closeButton = el('button', { className: 'icon-button', text: '×', attrs: { type: 'button', 'aria-label': 'Stop watching', title: 'Stop watching' } });
    closeButton.addEventListener('click', () => this.closeShadow());
    const panel = el('section', { className: 'side-panel shadow-panel', testId: 'shadow-panel', attrs: { 'aria-label': `${p.name}'s terminal` } },
      el('header', { className: 'pane-header' },
        el('h2', { className: 'pane-title', text: p.name, testId: 'shadow-name' }),
        status,
        el('span', { className: 'spacer' }),
        el('span', { className: 'shadow-mode', testId: 'shadow-mode', text: typing ? 'You are typing' : 'Read-only' }),
        closeButton,
      ),
      el('div', { className: 'terminal-frame' }, host),
    );
    this.side.prepend(panel);
    this.shadowHost = panel;
    const terminal = new RemoteTerminal({
      path: this.shadowPath(p.sessionId, typing),
      onState: (s) => showConnection(status, s),
    });
    terminal.activate(host);
    this.shadow = { participantId: p.id, sessionId: p.sessionId, typing, terminal };
    this.renderCards();
  }

  /** Follows the learner: a new session (restart) is watched instead; the keyboard given or taken back switches the socket. */
  private syncShadow(participants: ParticipantStatus[]): void {
    const s = this.shadow;
    if (!s) return;
    const p = participants.find((x) => x.id === s.participantId);
    if (!p || !p.sessionId) {
      this.closeShadow();
      return;
    }
    if (p.sessionId !== s.sessionId) {
      this.watch(p);
      return;
    }
    const typing = p.keyboard === 'instructor';
    if (typing !== s.typing) {
      s.typing = typing;
      s.terminal.reconnect(this.shadowPath(s.sessionId, typing));
      const mode = this.shadowHost?.querySelector('[data-testid="shadow-mode"]');
      if (mode) mode.textContent = typing ? 'You are typing' : 'Read-only';
      if (typing) s.terminal.focus();
      this.say(typing ? `${p.name} gave you the keyboard.` : `${p.name} has the keyboard again.`);
    }
  }

  private shadowPath(sessionId: string, typing: boolean): string {
    return `${shadowTerminalPath(this.workshopId, sessionId)}${typing ? '?mode=control' : ''}`;
  }

  private closeShadow(): void {
    this.shadow?.terminal.dispose();
    this.shadow = null;
    this.shadowHost?.remove();
    this.shadowHost = null;
    this.renderCards();
  }

  private async startSharing(): Promise<void> {
    try {
      const { id } = await this.api.startBroadcast(this.workshopId);
      this.openConsole(id);
      this.say('Your terminal is shared: learners can open it read-only.');
    } catch (e) {
      this.say(messageOf(e));
    }
  }

  private async stopSharing(): Promise<void> {
    try {
      await this.api.stopBroadcast(this.workshopId);
      this.closeConsole();
    } catch (e) {
      this.say(messageOf(e));
    }
  }

  private openConsole(sessionId: string): void {
    this.closeConsole();
    const status = el('span', { className: 'status-pill' });
    const host = el('div', { className: 'terminal-host', testId: 'broadcast-terminal' });
    const element = el('section', { className: 'side-panel broadcast-panel', testId: 'broadcast-panel', attrs: { 'aria-label': 'Your shared terminal' } },
      el('header', { className: 'pane-header' },
        el('h2', { className: 'pane-title', text: 'Your terminal' }),
        status,
        el('span', { className: 'spacer' }),
        el('span', { className: 'live-badge', text: 'Shared with the room' }),
      ),
      el('div', { className: 'terminal-frame' }, host),
    );
    this.side.append(element);
    const console = new BroadcastConsole(sessionId, this.labs, (s) => showConnection(status, s));
    console.activate(host);
    this.broadcast = { sessionId, console, element };
    const share = this.page.querySelector('[data-testid="share-terminal"]');
    if (share) share.textContent = 'Stop sharing';
  }

  private closeConsole(): void {
    if (!this.broadcast) return;
    this.broadcast.console.dispose();
    this.broadcast.element.remove();
    this.broadcast = null;
    const share = this.page.querySelector('[data-testid="share-terminal"]');
    if (share) share.textContent = 'Share my terminal';
  }

  private async refresh(): Promise<void> {
    try {
      this.update(await this.api.get(this.workshopId, this.abort.signal));
    } catch {
      // The stream will bring the next state.
    }
  }

  private labTitle(id: string): string {
    return this.labTitles.get(id) ?? id;
  }

  private say(text: string): void {
    this.flash.textContent = text;
    this.flash.hidden = false;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => { this.flash.hidden = true; }, 4000);
  }
}

function showConnection(pill: HTMLElement, s: ConnectionState): void {
  const [text, tone] = s.kind === 'connected' ? ['live', 'ok']
    : s.kind === 'connecting' ? ['connecting…', 'busy']
      : s.kind === 'reconnecting' ? ['reconnecting…', 'warn']
        : s.kind === 'ended' ? ['ended', 'info']
          : s.kind === 'shutting-down' ? ['server stopping', 'warn'] : ['unavailable', 'error'];
  pill.textContent = text;
  pill.dataset.tone = tone;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * What a workshop adds to every page of a learner who joined one, whatever
 * page they are on: the workshop in the top bar, announcements as they
 * arrive, the instructor's shared terminal in a pane they open or close, and
 * the instructor's request to type in their terminal (ask, then a banner
 * while the instructor holds the keyboard, with a way to take it back).
 */
import type { Announcement, KeyboardHolder } from '../../../common/src/workshop-api.js';
import { BROADCAST_TERMINAL_PATH } from '../../../common/src/workshop-api.js';
import type { Disposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import { ROUTE_LINK_ATTRIBUTE } from '../router.js';
import { RemoteTerminal } from './remote-terminal.js';
import type { WorkshopMembership } from './workshop-membership.js';
import { isAnnouncement, isParticipantView } from './workshop-client.js';
import './workshop.css';

/** Older announcements leave the screen when more arrive; the workshop page lists them all. */
const MAX_TOASTS = 3;
/** Notices (not announcements, which stay until dismissed) leave by themselves after this. */
const INFO_TOAST_MS = 12_000;

export class LearnerOverlay implements Disposable {
  private readonly chip = el('a', { className: 'workshop-chip', testId: 'workshop-chip', attrs: { href: '/workshop', [ROUTE_LINK_ATTRIBUTE]: '', hidden: '' } });
  private readonly broadcastToggle = el('button', {
    className: 'button broadcast-toggle', testId: 'broadcast-toggle', text: 'Instructor’s terminal',
    attrs: { type: 'button', hidden: '', 'aria-pressed': 'false', title: 'Show or hide the terminal your instructor is sharing' },
  });
  private readonly toasts = el('div', { className: 'toast-stack', testId: 'announcements', attrs: { 'aria-live': 'polite' } });
  private readonly consent = el('div', { className: 'keyboard-consent', testId: 'keyboard-consent', attrs: { role: 'alertdialog', hidden: '', 'aria-label': 'Keyboard request' } });
  private readonly pane = el('section', { className: 'broadcast-pane', testId: 'broadcast-pane', attrs: { hidden: '', 'aria-label': 'Your instructor’s terminal' } });
  /** While the instructor holds the keyboard: in the top bar, always in sight, never over the terminal. */
  private readonly typing = el('div', { className: 'typing-pill', testId: 'instructor-typing', attrs: { hidden: '', role: 'status' } });
  private broadcastToast: HTMLElement | null = null;
  private events: EventSource | null = null;
  private terminal: RemoteTerminal | null = null;
  private broadcasting = false;
  private readonly keyboard = new Map<string, KeyboardHolder>();
  private readonly seen = new Set<number>();

  constructor(private readonly membership: WorkshopMembership, private readonly barHost: HTMLElement) {
    this.barHost.append(this.typing, this.chip, this.broadcastToggle);
    document.body.append(this.toasts, this.consent, this.pane);
    this.broadcastToggle.addEventListener('click', () => (this.pane.hidden ? this.openPane() : this.closePane()));
  }

  /** Looks the learner up and, in a workshop, starts listening; again after joining. */
  async start(): Promise<void> {
    this.stop();
    const view = await this.membership.view();
    if (!view) return;
    this.chip.replaceChildren(
      el('span', { className: 'workshop-chip-dot', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'workshop-chip-title', text: view.workshop.title }),
      el('span', { className: 'workshop-chip-name', text: view.participant.name }),
    );
    this.chip.hidden = false;
    for (const a of view.announcements) this.seen.add(a.id);
    if (view.workshop.closed) return;
    const source = new EventSource('/api/participant/events');
    source.addEventListener('hello', (e) => this.onHello(parse(e)));
    source.addEventListener('announcement', (e) => {
      const a = parse(e);
      if (isAnnouncement(a)) this.announce(a);
    });
    source.addEventListener('broadcast', (e) => {
      const data = parse(e) as { broadcasting?: unknown };
      this.setBroadcasting(data.broadcasting === true, true);
    });
    source.addEventListener('keyboard', (e) => {
      const data = parse(e) as { sessionId?: unknown; holder?: unknown };
      if (typeof data.sessionId === 'string' && (data.holder === 'learner' || data.holder === 'requested' || data.holder === 'instructor')) {
        this.setKeyboard(data.sessionId, data.holder);
      }
    });
    source.addEventListener('closed', () => {
      this.toast('The workshop has ended', 'Your instructor closed it; your progress is kept.', 'info');
      this.setBroadcasting(false, false);
      this.membership.forget();
      source.close();
    });
    this.events = source;
  }

  dispose(): void {
    this.stop();
    for (const e of [this.typing, this.chip, this.broadcastToggle, this.toasts, this.consent, this.pane]) e.remove();
  }

  private stop(): void {
    this.events?.close();
    this.events = null;
    this.closePane();
    this.chip.hidden = true;
    this.broadcastToggle.hidden = true;
    this.consent.hidden = true;
    this.typing.hidden = true;
    this.keyboard.clear();
    this.broadcasting = false;
    document.body.classList.remove('instructor-typing');
  }

  private onHello(data: unknown): void {
    if (!isParticipantView(data)) return;
    // Announcements sent while this page was away (a reload, a lost connection).
    for (const a of data.announcements) if (!this.seen.has(a.id)) this.announce(a);
    this.setBroadcasting(data.broadcasting, false);
    for (const k of data.keyboard) this.setKeyboard(k.sessionId, k.holder);
  }

  private announce(a: Announcement): void {
    if (this.seen.has(a.id)) return;
    this.seen.add(a.id);
    this.toast('From your instructor', a.message, 'announcement');
  }

  private toast(title: string, text: string, kind: 'announcement' | 'info', action?: HTMLElement): HTMLElement {
    const close = el('button', { className: 'icon-button', text: '×', attrs: { type: 'button', 'aria-label': 'Dismiss' } });
    const toast = el('div', { className: `toast toast-${kind}`, testId: 'announcement', attrs: { role: 'status' } },
      el('div', { className: 'toast-body' },
        el('p', { className: 'toast-title', text: title }),
        el('p', { className: 'toast-text', text }),
        action ?? '',
      ),
      close,
    );
    close.addEventListener('click', () => toast.remove());
    this.toasts.prepend(toast);
    while (this.toasts.children.length > MAX_TOASTS) this.toasts.lastElementChild?.remove();
    if (kind === 'info') setTimeout(() => toast.remove(), INFO_TOAST_MS);
    return toast;
  }

  private setBroadcasting(on: boolean, announce: boolean): void {
    if (on === this.broadcasting) return;
    this.broadcasting = on;
    this.broadcastToggle.hidden = !on;
    if (on && announce) {
      const open = el('button', { className: 'button button-primary', text: 'Show it', attrs: { type: 'button' } });
      open.addEventListener('click', () => this.openPane());
      this.broadcastToast = this.toast('Your instructor is sharing their terminal', 'Open it beside yours; it is read-only.', 'info', open);
    }
    if (!on) {
      this.closePane();
      this.broadcastToast?.remove();
    }
  }

  private openPane(): void {
    if (!this.broadcasting || this.terminal) return;
    this.broadcastToast?.remove();
    const status = el('span', { className: 'status-pill' });
    const close = el('button', { className: 'icon-button', text: '×', attrs: { type: 'button', 'aria-label': 'Close the instructor’s terminal' } });
    close.addEventListener('click', () => this.closePane());
    const host = el('div', { className: 'terminal-host', testId: 'broadcast-view' });
    this.pane.replaceChildren(
      el('header', { className: 'pane-header' },
        el('h2', { className: 'pane-title', text: 'Instructor’s terminal' }),
        status,
        el('span', { className: 'spacer' }),
        el('span', { className: 'shadow-mode', text: 'Read-only' }),
        close,
      ),
      el('div', { className: 'terminal-frame' }, host),
    );
    this.pane.hidden = false;
    this.broadcastToggle.setAttribute('aria-pressed', 'true');
    this.terminal = new RemoteTerminal({
      path: BROADCAST_TERMINAL_PATH,
      onState: (s) => {
        status.textContent = s.kind === 'connected' ? 'live' : s.kind === 'ended' ? 'stopped' : s.kind === 'failed' ? 'unavailable' : 'connecting…';
        status.dataset.tone = s.kind === 'connected' ? 'ok' : s.kind === 'failed' ? 'error' : 'info';
      },
    });
    this.terminal.activate(host);
  }

  private closePane(): void {
    this.terminal?.dispose();
    this.terminal = null;
    this.pane.hidden = true;
    this.pane.replaceChildren();
    this.broadcastToggle.setAttribute('aria-pressed', 'false');
  }

  private setKeyboard(sessionId: string, holder: KeyboardHolder): void {
    if (holder === 'learner') this.keyboard.delete(sessionId);
    else this.keyboard.set(sessionId, holder);
    this.renderConsent();
  }

  /** One prompt or banner at a time: a request waiting for an answer comes first. */
  private renderConsent(): void {
    const entry = [...this.keyboard].sort((a, b) => (a[1] === 'requested' ? -1 : b[1] === 'requested' ? 1 : 0))[0];
    if (!entry) {
      this.consent.hidden = true;
      this.consent.replaceChildren();
      this.typing.hidden = true;
      document.body.classList.remove('instructor-typing');
      return;
    }
    const [sessionId, holder] = entry;
    const answer = (allow: boolean) => {
      this.membership.api.answerKeyboard(sessionId, allow).then(
        (h) => this.setKeyboard(sessionId, h),
        (e: unknown) => this.toast('Could not answer', e instanceof Error ? e.message : String(e), 'info'),
      );
    };
    this.consent.dataset.state = holder;
    document.body.classList.toggle('instructor-typing', holder === 'instructor');
    if (holder === 'requested') {
      this.typing.hidden = true;
      const allow = el('button', { className: 'button button-primary', text: 'Let them type', testId: 'keyboard-allow', attrs: { type: 'button' } });
      const refuse = el('button', { className: 'button', text: 'Not now', testId: 'keyboard-refuse', attrs: { type: 'button' } });
      allow.addEventListener('click', () => answer(true));
      refuse.addEventListener('click', () => answer(false));
      this.consent.replaceChildren(
        el('div', { className: 'consent-text' },
          el('p', { className: 'consent-title', text: 'Your instructor asks to type in your terminal' }),
          el('p', { className: 'muted', text: 'They already see it. If you allow it, what they type goes to your shell; you can take the keyboard back at any time.' }),
        ),
        el('div', { className: 'consent-actions' }, refuse, allow),
      );
      this.consent.hidden = false;
      return;
    }
    this.consent.hidden = true;
    const back = el('button', { className: 'button', text: 'Take it back', testId: 'keyboard-take-back', attrs: { type: 'button', title: 'Only you type in your terminal again' } });
    back.addEventListener('click', () => answer(false));
    this.typing.replaceChildren(el('span', { className: 'typing-dot', attrs: { 'aria-hidden': 'true' } }), el('span', { text: 'Your instructor is typing' }), back);
    this.typing.hidden = false;
  }
}

function parse(event: Event): unknown {
  try {
    return JSON.parse((event as MessageEvent<string>).data);
  } catch {
    return null;
  }
}

/**
 * One lab: the guide on the left, the learner's terminal on the right with
 * the live inspectors under it. Owns the terminal, the session behind it and
 * everything they create.
 */
import type { SyslabApi } from './api-client.js';
import { ApiRequestError } from './api-client.js';
import { DisposableStore, toDisposable } from './disposable-store.js';
import { el } from './dom-builder.js';
import { GuideView } from './guide-view.js';
import { InspectorPanel } from './inspect/inspector-panel.js';
import { onInspectorRequest } from './inspect/inspector-request.js';
import { RecordingNotice } from './recording/recording-notice.js';
import type { SessionStatus } from './lab-session.js';
import { LabSession } from './lab-session.js';
import type { StatusDescription } from './session-status-view.js';
import { describeStatus, SessionStatusView } from './session-status-view.js';
import type { SessionStore } from './session-store.js';
import { TerminalView } from './terminal-view.js';
import type { TestHook } from './test-hook.js';
import type { View } from './view.js';

export interface LabViewDeps {
  api: SyslabApi;
  store: SessionStore;
  testHook: TestHook;
}

export class LabView implements View {
  private readonly disposables = new DisposableStore();
  private readonly abort = new AbortController();
  private readonly status = new SessionStatusView();
  private readonly restartButton = el('button', {
    className: 'button',
    text: 'Restart',
    testId: 'restart',
    attrs: { type: 'button', title: 'Destroy this sandbox and start a fresh one' },
  });
  /** The same action as restartButton, offered where the learner is looking when it is the way on. */
  private readonly noticeRestartButton = el('button', { className: 'button button-primary', text: 'Restart', attrs: { type: 'button' } });
  private readonly notice = el('div', { className: 'terminal-notice', attrs: { role: 'alert', hidden: '' } });
  private readonly recordingNotice = new RecordingNotice();

  constructor(
    private readonly labId: string,
    private readonly deps: LabViewDeps,
  ) {}

  activate(host: HTMLElement): void {
    document.title = `syslab — ${this.labId}`;
    const guideHost = el('aside', { className: 'guide-pane', testId: 'guide', attrs: { 'aria-label': 'Guide' } });
    const terminalHost = el('div', { className: 'terminal-host', testId: 'terminal' });
    const terminalPane = el('section', { className: 'terminal-pane', attrs: { 'aria-label': 'Terminal' } },
      el('header', { className: 'pane-header' },
        el('h2', { className: 'pane-title', text: 'Terminal' }),
        this.status.element,
        this.recordingNotice.element,
        el('span', { className: 'spacer' }),
        this.restartButton,
      ),
      el('div', { className: 'terminal-frame' }, terminalHost, this.notice),
    );
    const root = el('div', { className: 'lab-view' }, guideHost, terminalPane);
    host.replaceChildren(root);

    this.disposables.add(toDisposable(() => this.abort.abort()));
    this.disposables.add(this.recordingNotice);
    const terminalView = this.disposables.add(new TerminalView());
    terminalView.activate(terminalHost);
    // Under the terminal in its pane: opening or resizing it shrinks the
    // terminal frame, whose ResizeObserver refits the terminal.
    const inspector = this.disposables.add(new InspectorPanel({ api: this.deps.api }));
    inspector.activate(terminalPane);
    // The guide's "Open the … view" buttons, and steps that suggest a view.
    this.disposables.add(onInspectorRequest(root, ({ view, reason }) => inspector.show(view, reason)));

    // Declared before the guide, which types into it; assigned right after.
    let session: LabSession | null = null;
    const guide = this.disposables.add(new GuideView({
      api: this.deps.api,
      input: {
        send: (text) => {
          const sent = session?.sendText(text) ?? false;
          // The learner's next move is usually to type in the terminal.
          if (sent) terminalView.focus();
          return sent;
        },
      },
    }));
    guide.activate(guideHost);
    void this.loadGuide(guide);

    session = this.disposables.add(new LabSession({
      labId: this.labId,
      terminal: terminalView.terminal,
      api: this.deps.api,
      store: this.deps.store,
      onStatus: (status) => {
        this.showStatus(status);
        guide.setTerminalConnected(status.kind === 'connected' && status.role === 'owner');
      },
      onLiveSession: (sessionId) => {
        this.recordingNotice.setSession(sessionId);
        guide.setSession(sessionId);
        inspector.setSession(sessionId);
      },
    }));
    const live = session;
    this.disposables.add(this.deps.testHook.expose({ terminal: terminalView.terminal, sessionId: () => live.sessionId }));

    const restart = (): void => {
      void live.restart().then(() => terminalView.focus());
    };
    this.disposables.listen(this.restartButton, 'click', restart);
    this.disposables.listen(this.noticeRestartButton, 'click', restart);

    void live.start();
    terminalView.focus();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private showStatus(status: SessionStatus): void {
    const description = describeStatus(status);
    this.status.show(description);
    this.restartButton.disabled = this.noticeRestartButton.disabled = status.kind === 'starting';
    this.restartButton.classList.toggle('button-primary', description.action !== undefined);
    this.showNotice(description);
  }

  private showNotice(description: StatusDescription): void {
    if (!description.notice) {
      this.notice.hidden = true;
      this.notice.replaceChildren();
      return;
    }
    this.noticeRestartButton.textContent = description.action ?? 'Restart';
    this.notice.replaceChildren(
      el('p', { className: 'terminal-notice-text', text: description.notice }),
      ...(description.action ? [this.noticeRestartButton] : []),
    );
    this.notice.hidden = false;
  }

  private async loadGuide(guide: GuideView): Promise<void> {
    try {
      const lab = await this.deps.api.getLab(this.labId, this.abort.signal);
      document.title = `syslab — ${lab.title}`;
      guide.showLab(lab);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (error instanceof ApiRequestError && error.status === 404) {
        guide.showError('No such lab', `There is no lab called “${this.labId}” on this server.`);
        return;
      }
      guide.showError('Could not load the lab', error instanceof Error ? error.message : String(error));
    }
  }
}

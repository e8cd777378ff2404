/**
 * The guide pane beside the terminal: the lab's intro, a progress list, and
 * one page at a time, a step (StepView) or, after the last, the finish text
 * and quiz (QuizView). It keeps where the learner is: which steps passed
 * (from the server's progress, then from checks), which page is open, and
 * which steps' setup already ran in this session.
 */
import type { QuizAttemptSummary, QuizGraded, QuizSubmission } from '../../common/src/guide-api.js';
import type { LabPublicView } from '../../common/src/lab-api.js';
import type { SyslabApi } from './api-client.js';
import { DisposableStore, toDisposable } from './disposable-store.js';
import { el } from './dom-builder.js';
import type { TerminalInput } from './guide/markdown-renderer.js';
import { MarkdownRenderer, RUN_BUTTON_CLASS } from './guide/markdown-renderer.js';
import { QuizView } from './guide/quiz-view.js';
import type { CheckEvent } from './guide/step-checker.js';
import { StepChecker } from './guide/step-checker.js';
import { StepListView } from './guide/step-list-view.js';
import { StepView } from './guide/step-view.js';
import { ROUTE_LINK_ATTRIBUTE } from './router.js';
import type { View } from './view.js';

export interface GuideViewDeps {
  api: SyslabApi;
  input: TerminalInput;
}

const NOT_CONNECTED = 'Your sandbox is not connected yet: wait until the terminal says “connected”, then try again.';

export class GuideView implements View {
  private readonly disposables = new DisposableStore();
  private readonly renderer: MarkdownRenderer;
  private readonly checker: StepChecker;
  private readonly pageHost = el('section', { className: 'guide-page', testId: 'guide-page' });
  private host: HTMLElement | null = null;
  private lab: LabPublicView | null = null;
  private stepList: StepListView | null = null;
  private intro: HTMLDetailsElement | null = null;
  private page: StepView | QuizView | null = null;
  /** Step index from 1, or steps + 1 for the quiz; null until progress says where to land. */
  private position: number | null = null;
  private readonly passed = new Set<number>();
  private lastAttempt: QuizAttemptSummary | null = null;
  private sessionId: string | null = null;
  /** Steps whose open (setup.sh) was requested in this session. */
  private readonly opened = new Set<number>();
  private terminalConnected = false;

  constructor(private readonly deps: GuideViewDeps) {
    this.renderer = new MarkdownRenderer(deps.input);
    this.checker = this.disposables.add(new StepChecker({
      check: (index, manual) => (this.sessionId ? deps.api.checkStep(this.sessionId, index, manual) : Promise.reject(new Error(NOT_CONNECTED))),
      canPoll: () => document.visibilityState === 'visible' && this.terminalConnected && this.sessionId !== null,
      onEvent: (event) => this.onCheckEvent(event),
    }));
    this.disposables.add(toDisposable(() => this.page?.dispose()));
  }

  activate(host: HTMLElement): void {
    this.host = host;
    host.replaceChildren(el('p', { className: 'muted loading', text: 'Loading the lab…' }));
  }

  showLab(lab: LabPublicView): void {
    if (!this.host) return;
    this.lab = lab;
    this.stepList = new StepListView(lab, (position) => this.navigate(position, { scroll: true }));
    this.intro = el('details', { className: 'guide-intro', testId: 'intro', attrs: { open: '' } },
      el('summary', { text: 'Introduction' }),
      this.renderer.render(lab.intro, 'intro-text'),
    );
    this.host.replaceChildren(
      el('header', { className: 'guide-header' },
        el('p', { className: 'eyebrow', text: 'Lab' }),
        el('h1', { className: 'guide-title', text: lab.title }),
        el('p', { className: 'lab-meta', text: `${lab.level} · ~${lab.minutes} min · ${stepCount(lab.steps.length)}` }),
      ),
      this.stepList.element,
      this.intro,
      this.pageHost,
    );
    if (this.position === null) this.pageHost.replaceChildren(el('p', { className: 'muted loading', text: 'Starting your sandbox…' }));
    else this.navigate(this.position, { scroll: false });
    this.refreshRunButtons();
  }

  showError(title: string, message: string): void {
    this.host?.replaceChildren(
      el('h1', { className: 'guide-title', text: title }),
      el('p', { className: 'error-text', text: message, attrs: { role: 'alert' } }),
      el('a', { className: 'button-link', text: '← All labs', attrs: { href: '/', [ROUTE_LINK_ATTRIBUTE]: '' } }),
    );
  }

  /** The session the terminal is connected to, or null while there is none. */
  setSession(sessionId: string | null): void {
    if (sessionId === this.sessionId) return;
    this.sessionId = sessionId;
    this.opened.clear();
    this.checker.watch(null);
    if (sessionId) void this.loadProgress(sessionId);
  }

  /** Run buttons and background checks need a terminal that takes input. */
  setTerminalConnected(connected: boolean): void {
    this.terminalConnected = connected;
    this.refreshRunButtons();
  }

  dispose(): void {
    this.disposables.dispose();
    this.page = null;
    this.host?.replaceChildren();
    this.host = null;
  }

  private async loadProgress(sessionId: string): Promise<void> {
    try {
      const progress = await this.deps.api.progress(sessionId);
      if (sessionId !== this.sessionId || !this.lab) return;
      for (const index of progress.passed) this.passed.add(index);
      this.lastAttempt = progress.quiz.attempts.at(-1) ?? null;
      const landing = this.position === null;
      // A learner coming back has read the intro; a new one should start there.
      if (landing && this.intro) this.intro.open = this.passed.size === 0;
      this.navigate(this.position ?? progress.current ?? this.lab.steps.length + 1, { scroll: false });
    } catch (error) {
      if (sessionId !== this.sessionId || !this.lab) return;
      console.warn('syslab: could not load progress', error);
      // The steps still work without it; they just start unticked.
      this.navigate(this.position ?? 1, { scroll: false });
    }
  }

  private navigate(position: number, { scroll }: { scroll: boolean }): void {
    const lab = this.lab;
    if (!lab) return;
    this.position = position;
    this.page?.dispose();
    const step = lab.steps[position - 1];
    if (step) {
      const passed = this.passed.has(step.index);
      this.page = new StepView({
        step,
        total: lab.steps.length,
        passed,
        renderer: this.renderer,
        onCheck: () => void this.checker.checkNow(step.index),
        onBack: position > 1 ? () => this.navigate(position - 1, { scroll: true }) : null,
        onNext: () => this.navigate(position + 1, { scroll: true }),
      });
      this.checker.watch(passed ? null : step.index);
      this.openStep(step.index);
    } else {
      this.page = new QuizView({
        lab,
        renderer: this.renderer,
        lastAttempt: this.lastAttempt,
        submit: (submission) => this.submitQuiz(submission),
        onBack: () => this.navigate(lab.steps.length, { scroll: true }),
        onGraded: (graded) => this.onGraded(graded),
      });
      this.checker.watch(null);
    }
    this.page.activate(this.pageHost);
    this.updateStepList();
    this.refreshRunButtons();
    if (scroll) this.pageHost.scrollIntoView({ block: 'start' });
  }

  /** Runs the step's setup.sh (server side) once per session; a failed one is retried on the next visit. */
  private openStep(index: number): void {
    const sessionId = this.sessionId;
    if (!sessionId || this.opened.has(index) || this.passed.has(index)) return;
    this.opened.add(index);
    this.deps.api.openStep(sessionId, index).then((opened) => {
      if (opened.passed) this.markPassed(index);
      if (opened.setup === 'failed' && sessionId === this.sessionId) this.opened.delete(index);
    }, (error: unknown) => {
      console.warn(`syslab: could not open step ${index}`, error);
      if (sessionId === this.sessionId) this.opened.delete(index);
    });
  }

  private onCheckEvent(event: CheckEvent): void {
    const page = this.page instanceof StepView && this.position === event.index ? this.page : null;
    switch (event.kind) {
      case 'checking':
        if (event.manual) page?.show({ kind: 'checking' });
        return;
      case 'result':
        if (event.result.passed) {
          this.markPassed(event.index);
          return;
        }
        if (event.manual || page?.showsHint) page?.show({ kind: 'hint', text: event.result.hint ?? 'Not done yet.' });
        return;
      case 'error':
        if (event.manual) page?.show({ kind: 'error', text: `Could not check this step: ${event.message}` });
        return;
    }
  }

  private markPassed(index: number): void {
    if (this.passed.has(index)) return;
    this.passed.add(index);
    if (this.position === index) {
      this.checker.watch(null);
      if (this.page instanceof StepView) this.page.show({ kind: 'passed' });
    }
    this.updateStepList();
  }

  private submitQuiz(submission: QuizSubmission): Promise<QuizGraded> {
    if (!this.sessionId) return Promise.reject(new Error(NOT_CONNECTED));
    return this.deps.api.submitQuiz(this.sessionId, submission);
  }

  private onGraded(graded: QuizGraded): void {
    this.lastAttempt = {
      attempt: graded.attempt,
      score: graded.score,
      max: graded.max,
      attemptedAt: new Date().toISOString(),
      results: graded.results.map((r) => ({ id: r.id, correct: r.correct })),
    };
    this.updateStepList();
  }

  private updateStepList(): void {
    if (this.position !== null) this.stepList?.update(this.passed, this.position, this.lastAttempt !== null);
  }

  private refreshRunButtons(): void {
    for (const button of this.host?.querySelectorAll<HTMLButtonElement>(`.${RUN_BUTTON_CLASS}`) ?? []) {
      button.disabled = !this.terminalConnected;
    }
  }
}

export function stepCount(steps: number): string {
  return steps === 1 ? '1 step' : `${steps} steps`;
}

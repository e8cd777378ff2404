/**
 * The end of a lab: the finish text, then the quiz. The server grades (the
 * page never has the answers); the learner sees the score, each question
 * right or wrong with the expected answer and why, and may try again.
 */
import type { QuizAnswer, QuizAttemptSummary, QuizGraded, QuizSubmission } from '../../../common/src/guide-api.js';
import type { LabPublicView } from '../../../common/src/lab-api.js';
import { el } from '../dom-builder.js';
import type { View } from '../view.js';
import type { MarkdownRenderer } from './markdown-renderer.js';
import { QuizQuestionField } from './quiz-question-field.js';

export interface QuizViewOptions {
  lab: LabPublicView;
  renderer: MarkdownRenderer;
  /** The latest attempt from stored progress, shown after a reload. */
  lastAttempt: QuizAttemptSummary | null;
  submit(submission: QuizSubmission): Promise<QuizGraded>;
  onBack(): void;
  onGraded(graded: QuizGraded): void;
}

export class QuizView implements View {
  private readonly fields: QuizQuestionField[];
  private readonly submitButton = el('button', { className: 'button button-primary', text: 'Submit answers', testId: 'quiz-submit', attrs: { type: 'submit' } });
  private readonly retryButton = el('button', { className: 'button', text: 'Try again', testId: 'quiz-retry', attrs: { type: 'button', hidden: '' } });
  private readonly score = el('p', { className: 'quiz-score', testId: 'quiz-score', attrs: { role: 'status', 'aria-live': 'polite', hidden: '' } });
  /** The score again beside Try again, where the learner is after reading the verdicts. */
  private readonly actionsScore = el('span', { className: 'quiz-actions-score' });
  private readonly error = el('p', { className: 'error-text', attrs: { role: 'alert', hidden: '' } });
  private root: HTMLElement | null = null;
  private disposed = false;

  constructor(private readonly options: QuizViewOptions) {
    this.fields = options.lab.quiz.map((question, i) => new QuizQuestionField(question, i + 1, options.renderer));
  }

  activate(host: HTMLElement): void {
    const { lab, renderer } = this.options;
    const form = el('form', { className: 'quiz-form', testId: 'quiz', attrs: { novalidate: '' } },
      ...this.fields.map((field) => field.element),
      el('div', { className: 'quiz-actions' }, this.submitButton, this.retryButton, this.actionsScore),
      this.error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.retryButton.addEventListener('click', () => this.retry());
    const back = el('button', { className: 'button', text: '← Back to the steps', testId: 'back', attrs: { type: 'button' } });
    back.addEventListener('click', () => this.options.onBack());

    this.root = el('article', { className: 'guide-finish', testId: 'finish' },
      renderer.render(lab.finish, 'finish-text'),
      el('h2', { className: 'quiz-title', text: 'Quiz' }),
      this.score,
      form,
      el('nav', { className: 'step-nav' }, back),
    );
    host.replaceChildren(this.root);
    if (this.options.lastAttempt) this.showStored(this.options.lastAttempt);
  }

  dispose(): void {
    this.disposed = true;
    this.root?.remove();
    this.root = null;
  }

  private async submit(): Promise<void> {
    const answers: Record<string, QuizAnswer> = {};
    this.options.lab.quiz.forEach((question, i) => {
      const answer = this.fields[i]!.answer();
      if (answer !== undefined) answers[question.id] = answer;
    });
    this.submitButton.disabled = true;
    this.submitButton.classList.add('loading');
    this.submitButton.textContent = 'Grading…';
    this.error.hidden = true;
    try {
      const graded = await this.options.submit({ answers });
      if (this.disposed) return;
      this.showGraded(graded);
      this.options.onGraded(graded);
    } catch (error) {
      if (this.disposed) return;
      this.error.textContent = `Could not grade the quiz: ${error instanceof Error ? error.message : String(error)}`;
      this.error.hidden = false;
      this.submitButton.disabled = false;
    } finally {
      this.submitButton.classList.remove('loading');
      this.submitButton.textContent = 'Submit answers';
    }
  }

  private showGraded(graded: QuizGraded): void {
    const byId = new Map(graded.results.map((r) => [r.id, r]));
    this.options.lab.quiz.forEach((question, i) => {
      const result = byId.get(question.id);
      if (result) this.fields[i]!.showResult(result);
    });
    this.showScore(graded.score, graded.max, `attempt ${graded.attempt}`);
    this.lock();
  }

  private showStored(attempt: QuizAttemptSummary): void {
    const byId = new Map(attempt.results.map((r) => [r.id, r.correct]));
    this.options.lab.quiz.forEach((question, i) => {
      const correct = byId.get(question.id);
      if (correct !== undefined) this.fields[i]!.showStoredResult(correct);
    });
    this.showScore(attempt.score, attempt.max, `your last attempt (${attempt.attempt})`);
    this.lock();
  }

  private showScore(score: number, max: number, which: string): void {
    this.score.replaceChildren(
      el('strong', { className: 'quiz-score-value', text: `${score} of ${max}` }),
      el('span', { className: 'muted', text: ` right, ${which}` }),
    );
    this.score.dataset.perfect = String(score === max);
    this.score.hidden = false;
    this.actionsScore.textContent = `${score} of ${max} right`;
  }

  /** After grading the answers stay visible next to their verdicts until the learner tries again. */
  private lock(): void {
    for (const field of this.fields) field.disabled = true;
    this.submitButton.hidden = true;
    this.retryButton.hidden = false;
  }

  private retry(): void {
    for (const field of this.fields) {
      field.disabled = false;
      field.clearResult();
    }
    this.score.hidden = true;
    this.actionsScore.textContent = '';
    this.submitButton.hidden = false;
    this.submitButton.disabled = false;
    this.retryButton.hidden = true;
    this.fields[0]?.element.querySelector('input')?.focus();
  }
}

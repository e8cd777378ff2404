/**
 * One quiz question as a form field, by type (docs/authoring.md, quiz.yaml):
 * radios for single choice, checkboxes for multiple, a number input, a text
 * input, and for live questions a text input that says where the answer
 * comes from. Reads the learner's answer and shows the graded result.
 */
import type { QuestionResult, QuizAnswer } from '../../../common/src/guide-api.js';
import type { PublicQuestion } from '../../../common/src/lab-api.js';
import { el } from '../dom-builder.js';
import type { MarkdownRenderer } from './markdown-renderer.js';

export class QuizQuestionField {
  readonly element: HTMLFieldSetElement;
  private readonly inputs: HTMLInputElement[] = [];
  private readonly result = el('div', { className: 'question-result', testId: 'question-result', attrs: { hidden: '' } });

  constructor(
    private readonly question: PublicQuestion,
    number: number,
    private readonly renderer: MarkdownRenderer,
  ) {
    this.element = el('fieldset', { className: 'quiz-question', testId: 'quiz-question', attrs: { 'data-question-id': question.id, 'data-type': question.type } },
      el('legend', { className: 'question-number', text: `Question ${number}` }),
      renderer.render(question.prompt, 'question-prompt'),
      this.answerArea(),
      this.result,
    );
  }

  /** The answer to send, or undefined when the learner left the question blank (sent as unanswered). */
  answer(): QuizAnswer | undefined {
    switch (this.question.type) {
      case 'single': {
        const picked = this.inputs.findIndex((input) => input.checked);
        return picked >= 0 ? picked : undefined;
      }
      case 'multiple':
        // An empty list is an answer ("none of these"), and the server takes it.
        return this.inputs.flatMap((input, i) => (input.checked ? [i] : []));
      case 'numeric': {
        const value = this.inputs[0]!.value.trim();
        const n = Number(value);
        return value === '' || !Number.isFinite(n) ? undefined : n;
      }
      case 'text':
      case 'live': {
        const value = this.inputs[0]!.value.trim();
        return value === '' ? undefined : value;
      }
    }
  }

  set disabled(disabled: boolean) {
    for (const input of this.inputs) input.disabled = disabled;
  }

  /** After submitting: right or wrong, the expected answer and why. */
  showResult(result: QuestionResult): void {
    this.result.replaceChildren(
      verdict(result.correct),
      ...(result.correct ? [] : [el('p', { className: 'expected', testId: 'expected' }, el('span', { className: 'muted', text: 'Expected: ' }), el('strong', { text: this.describe(result.expected) }))]),
      this.renderer.render(result.explanation, 'explanation'),
    );
    this.mark(result.correct);
  }

  /** From stored progress after a reload: right or wrong only (answers and explanations come with a submission). */
  showStoredResult(correct: boolean): void {
    this.result.replaceChildren(verdict(correct), el('p', { className: 'muted', text: 'From your last attempt. Submit again to see the answer and why.' }));
    this.mark(correct);
  }

  clearResult(): void {
    this.result.hidden = true;
    this.result.replaceChildren();
    delete this.element.dataset.correct;
  }

  private mark(correct: boolean): void {
    this.result.hidden = false;
    this.element.dataset.correct = String(correct);
  }

  private answerArea(): HTMLElement {
    const { question } = this;
    switch (question.type) {
      case 'single':
      case 'multiple': {
        const type = question.type === 'single' ? 'radio' : 'checkbox';
        return el('div', { className: 'choices' }, ...(question.choices ?? []).map((choice, i) => {
          const input = el('input', { attrs: { type, name: `quiz-${question.id}`, value: String(i) } });
          this.inputs.push(input);
          return el('label', { className: 'choice' }, input, el('span', { text: choice }));
        }));
      }
      case 'numeric':
        return this.textual(el('input', { className: 'answer-input', attrs: { type: 'number', step: 'any', inputmode: 'decimal', 'aria-label': 'Your answer (a number)' } }));
      case 'text':
        return this.textual(el('input', { className: 'answer-input', attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Your answer' } }));
      case 'live':
        return this.textual(
          el('input', { className: 'answer-input', attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Your answer' } }),
          el('p', { className: 'live-note', text: 'Live question: the right answer is read from your sandbox when you submit, so find it in the terminal.' }),
        );
    }
  }

  private textual(input: HTMLInputElement, note?: HTMLElement): HTMLElement {
    this.inputs.push(input);
    return el('div', { className: 'answer' }, input, note ?? null);
  }

  private describe(expected: QuizAnswer | null): string {
    const choices = this.question.choices ?? [];
    if (expected === null) {
      return this.question.type === 'live' ? 'nothing: what this question asks about was not in your sandbox' : '—';
    }
    if (this.question.type === 'single' && typeof expected === 'number') return choices[expected] ?? String(expected);
    if (Array.isArray(expected)) return expected.length === 0 ? 'none of them' : expected.map((i) => choices[i] ?? String(i)).join('; ');
    return String(expected);
  }
}

function verdict(correct: boolean): HTMLElement {
  return el('p', { className: 'verdict', testId: 'verdict', attrs: { 'data-correct': String(correct) }, text: correct ? '✓ Right' : '✗ Not quite' });
}

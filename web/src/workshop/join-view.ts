/**
 * The learner's way in (/join, /join/<code>): the code the instructor read
 * out (or the link filled it in) and a name the room will see. No account;
 * joining makes this browser a new learner for the workshop.
 */
import { el } from '../dom-builder.js';
import type { SessionStore } from '../session-store.js';
import type { View } from '../view.js';
import { tidyCode } from './join-code-input.js';
import type { WorkshopMembership } from './workshop-membership.js';
import './workshop.css';

export class JoinView implements View {
  constructor(
    private readonly code: string,
    private readonly membership: WorkshopMembership,
    private readonly store: SessionStore,
    private readonly navigate: (path: string) => void,
  ) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — join a workshop';
    const code = el('input', {
      className: 'answer-input code-input', testId: 'join-code-input',
      attrs: { type: 'text', required: '', autocomplete: 'off', spellcheck: 'false', inputmode: 'text', placeholder: 'KXR-47P', 'aria-label': 'Workshop code', maxlength: '9' },
    });
    code.value = tidyCode(this.code);
    code.addEventListener('input', () => { code.value = tidyCode(code.value); });
    const name = el('input', {
      className: 'answer-input', testId: 'join-name-input',
      attrs: { type: 'text', required: '', maxlength: '40', autocomplete: 'nickname', placeholder: 'Your name', 'aria-label': 'Your name' },
    });
    const message = el('p', { className: 'form-message', testId: 'join-message', attrs: { role: 'alert' } });
    const submit = el('button', { className: 'button button-primary join-button', text: 'Join', testId: 'join-submit', attrs: { type: 'submit' } });
    const form = el('form', { className: 'join-card', testId: 'join-form' },
      el('p', { className: 'eyebrow', text: 'Workshop' }),
      el('h1', { text: 'Join the room' }),
      el('p', { className: 'muted', text: 'Type the code your instructor gave you and the name the room should see. No account needed.' }),
      el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Code' }), code),
      el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Your name' }), name),
      submit,
      message,
      // Told before joining, not only once recorded (recording/recording-notice.ts shows the badge then).
      el('p', {
        className: 'muted', testId: 'join-recording-note',
        text: 'Workshop labs are usually recorded for your instructor to review: what your terminal shows, never what you type at a password prompt. A “Recorded” badge beside the terminal says when.',
      }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      message.textContent = '';
      this.membership.api.join(code.value, name.value).then((joined) => {
        // A new learner: sessions this browser remembers belong to the old one.
        for (const lab of joined.workshop.labs) this.store.forget(lab);
        this.membership.forget();
        this.navigate('/workshop');
      }, (e: unknown) => {
        submit.disabled = false;
        message.textContent = e instanceof Error ? e.message : String(e);
      });
    });
    host.replaceChildren(el('section', { className: 'join-page' }, form));
    (code.value.length === 7 ? name : code).focus();
  }

  dispose(): void {
    // Nothing outlives the form.
  }
}

/**
 * The instructor's start page (/instructor): sign in with the key, start a
 * workshop (a title and the labs, in order), and every workshop so far with
 * its code, size and state.
 */
import type { LabSummary } from '../../../common/src/api.js';
import type { WorkshopSummary } from '../../../common/src/workshop-api.js';
import type { SyslabApi } from '../api-client.js';
import { el } from '../dom-builder.js';
import { isSignInError, renderSignIn } from '../results/instructor-sign-in.js';
import { ROUTE_LINK_ATTRIBUTE } from '../router.js';
import type { View } from '../view.js';
import type { WorkshopApi } from './workshop-client.js';
import './workshop.css';

export class InstructorHomeView implements View {
  private readonly abort = new AbortController();
  private readonly body = el('div', { className: 'instructor-body' });

  constructor(private readonly api: WorkshopApi, private readonly labs: SyslabApi, private readonly navigate: (path: string) => void) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — instructor';
    host.replaceChildren(el('section', { className: 'instructor-page', testId: 'instructor-home' },
      el('header', { className: 'page-intro' },
        el('h1', { text: 'Workshops' }),
        el('p', { className: 'muted', text: 'Run a lab with a room: learners join with a short code, you see where each one is, watch their terminal, and share yours.' }),
      ),
      this.body,
    ));
    void this.load();
  }

  dispose(): void {
    this.abort.abort();
  }

  private async load(): Promise<void> {
    this.body.replaceChildren(el('p', { className: 'muted loading', text: 'Loading…' }));
    try {
      const [workshops, labs] = await Promise.all([this.api.list(this.abort.signal), this.labs.listLabs(this.abort.signal)]);
      const signOut = el('button', { className: 'button sign-out', text: 'Sign out', testId: 'sign-out', attrs: { type: 'button', title: 'Forget the instructor key in this browser' } });
      signOut.addEventListener('click', () => void this.api.signOut().then(() => this.load(), () => this.load()));
      this.body.replaceChildren(this.createForm(labs), this.list(workshops, labs), el('p', { className: 'sign-out-row' }, signOut));
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (isSignInError(error)) {
        this.body.replaceChildren(renderSignIn(error, this.api, () => void this.load()));
        return;
      }
      this.body.replaceChildren(el('div', { className: 'error-panel', attrs: { role: 'alert' } },
        el('p', { className: 'error-title', text: 'Could not load your workshops.' }),
        el('p', { className: 'error-text', text: error instanceof Error ? error.message : String(error) }),
      ));
    }
  }

  private createForm(labs: LabSummary[]): HTMLElement {
    const title = el('input', {
      className: 'answer-input', testId: 'workshop-title-input',
      attrs: { type: 'text', required: '', maxlength: '120', placeholder: 'e.g. Processes and signals — room 2', 'aria-label': 'Workshop title' },
    });
    const boxes = labs.map((lab) => el('input', { attrs: { type: 'checkbox', value: lab.id, 'data-testid': `lab-option-${lab.id}` } }));
    const options = el('ul', { className: 'lab-options' }, ...labs.map((lab, i) =>
      el('li', {}, el('label', { className: 'lab-option' }, boxes[i]!,
        el('span', { className: 'lab-option-title', text: lab.title }),
        el('span', { className: 'lab-option-meta', text: `${lab.steps} steps` })))));
    const capacity = el('input', { className: 'answer-input small-input', attrs: { type: 'number', min: '1', max: '1000', placeholder: '100', 'aria-label': 'Most learners' } });
    const stuck = el('input', { className: 'answer-input small-input', attrs: { type: 'number', min: '1', max: '240', placeholder: '5', 'aria-label': 'Stuck after minutes' } });
    const message = el('p', { className: 'form-message', attrs: { role: 'status' } });
    const submit = el('button', { className: 'button button-primary', text: 'Start workshop', testId: 'create-workshop', attrs: { type: 'submit' } });
    const form = el('form', { className: 'create-workshop', testId: 'create-workshop-form' },
      el('h2', { text: 'New workshop' }),
      el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Title' }), title),
      el('fieldset', { className: 'field' }, el('legend', { className: 'field-label', text: 'Labs, in the order the room does them' }), options),
      el('details', { className: 'field advanced' },
        el('summary', { text: 'Limits' }),
        el('div', { className: 'advanced-row' },
          el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Most learners' }), capacity),
          el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Flag as stuck after (minutes)' }), stuck),
        ),
      ),
      el('div', { className: 'form-actions' }, submit, message),
    );
    // The order they are ticked in is the order of the workshop.
    const picked: string[] = [];
    for (const box of boxes) {
      box.addEventListener('change', () => {
        const at = picked.indexOf(box.value);
        if (box.checked && at < 0) picked.push(box.value);
        if (!box.checked && at >= 0) picked.splice(at, 1);
      });
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (picked.length === 0) {
        message.textContent = 'Pick at least one lab.';
        return;
      }
      submit.disabled = true;
      message.textContent = '';
      this.api.create({
        title: title.value.trim(),
        labs: [...picked],
        ...(capacity.value ? { maxParticipants: Number(capacity.value) } : {}),
        ...(stuck.value ? { stuckMinutes: Number(stuck.value) } : {}),
      }).then((created) => this.navigate(`/workshops/${encodeURIComponent(created.id)}`), (e: unknown) => {
        submit.disabled = false;
        message.textContent = e instanceof Error ? e.message : String(e);
      });
    });
    return form;
  }

  private list(workshops: WorkshopSummary[], labs: LabSummary[]): HTMLElement {
    const titles = new Map(labs.map((l) => [l.id, l.title]));
    if (workshops.length === 0) return el('p', { className: 'muted workshops-empty', text: 'No workshops yet.' });
    return el('section', { className: 'workshop-list' },
      el('h2', { text: 'Your workshops' }),
      el('ul', { className: 'workshop-rows' }, ...workshops.map((w) =>
        el('li', {}, el('a', { className: 'workshop-row', testId: 'workshop-row', attrs: { href: `/workshops/${encodeURIComponent(w.id)}`, [ROUTE_LINK_ATTRIBUTE]: '' } },
          el('span', { className: 'workshop-row-title', text: w.title }),
          el('span', { className: 'workshop-row-labs muted', text: w.labs.map((l) => titles.get(l) ?? l).join(', ') }),
          el('span', { className: 'workshop-row-count', text: `${w.participants} ${w.participants === 1 ? 'learner' : 'learners'}` }),
          el('span', { className: w.closedAt ? 'state-tag closed' : 'state-tag open', text: w.closedAt ? 'closed' : w.code }),
        )))),
    );
  }
}

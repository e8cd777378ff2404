/**
 * What an instructor page shows when the browser is not signed in (401) or
 * holds a learner's credential (403): for 401, a field for the instructor
 * key, traded once for the HttpOnly cookie; then the page loads again.
 */
import { ApiRequestError } from '../api-client.js';
import { el } from '../dom-builder.js';
import type { ResultsApi } from './results-client.js';

export function isSignInError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && (error.status === 401 || error.status === 403);
}

export function renderSignIn(error: ApiRequestError, api: Pick<ResultsApi, 'signIn'>, onSignedIn: () => void): HTMLElement {
  if (error.status === 403) {
    return el('div', { className: 'error-panel', testId: 'instructor-forbidden', attrs: { role: 'alert' } },
      el('p', { className: 'error-title', text: 'This page is for the workshop’s instructor.' }),
      el('p', { className: 'error-text', text: error.message }),
    );
  }
  const input = el('input', {
    className: 'answer-input', testId: 'instructor-key',
    attrs: { type: 'password', autocomplete: 'current-password', 'aria-label': 'Instructor key', placeholder: 'Instructor key', required: '' },
  });
  const message = el('p', { className: 'sign-in-message', attrs: { role: 'status' } });
  const button = el('button', { className: 'button button-primary', text: 'Sign in', attrs: { type: 'submit' } });
  const form = el('form', { className: 'sign-in-form', testId: 'instructor-sign-in' },
    el('p', { className: 'error-title', text: 'Sign in as the instructor' }),
    el('p', { className: 'muted', text: 'Paste the instructor key the server printed when it first started (or SYSLAB_INSTRUCTOR_KEY).' }),
    el('div', { className: 'sign-in-row' }, input, button),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    api.signIn(input.value).then(onSignedIn, (e: unknown) => {
      button.disabled = false;
      message.textContent = e instanceof ApiRequestError && e.status === 401 ? 'That key is not the instructor key.' : e instanceof Error ? e.message : String(e);
    });
  });
  return form;
}

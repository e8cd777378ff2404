/**
 * One learner on the instructor's dashboard: where they are, how long they
 * have been there, whether they look stuck, their quiz, and the buttons to
 * watch their terminal or ask for their keyboard. Built from data each time
 * the dashboard changes; names go in as text, never as markup.
 */
import type { ParticipantStatus } from '../../../common/src/workshop-api.js';
import { el } from '../dom-builder.js';
import { timeOnStep } from './time-on-step.js';

export interface CardActions {
  watch(p: ParticipantStatus): void;
  askKeyboard(p: ParticipantStatus): void;
  releaseKeyboard(p: ParticipantStatus): void;
}

export function participantCard(p: ParticipantStatus, labTitle: (id: string) => string, now: number, actions: CardActions, watching: boolean): HTMLElement {
  const card = el('li', { className: 'participant-card', testId: 'participant-card', attrs: { 'data-participant': p.id, 'data-name': p.name } });
  card.dataset.stuck = String(p.stuck);
  card.dataset.online = String(p.online);
  card.dataset.watching = String(watching);

  const presence = el('span', {
    className: 'presence',
    attrs: { title: p.online ? 'Terminal open' : p.sessionId ? 'Sandbox running, terminal closed' : 'No lab open', 'aria-label': p.online ? 'online' : 'offline' },
  });
  const header = el('header', { className: 'participant-head' },
    presence,
    el('h3', { className: 'participant-name', text: p.name, testId: 'participant-name' }),
    p.stuck ? el('span', { className: 'stuck-badge', testId: 'stuck', text: 'Stuck', attrs: { title: p.stuckReason ?? '' } }) : null,
    p.keyboard !== 'learner'
      ? el('span', { className: 'keyboard-badge', text: p.keyboard === 'instructor' ? 'You have the keyboard' : 'Keyboard asked' })
      : null,
  );

  const where = p.lab === null
    ? el('p', { className: 'participant-where muted', text: 'Has not opened a lab yet' })
    : el('p', { className: 'participant-where' },
      el('span', { className: 'participant-lab', text: labTitle(p.lab) }),
      el('span', { className: 'participant-step', testId: 'participant-step',
        text: p.step === null ? ` · all ${p.steps} steps done` : ` · step ${p.step} of ${p.steps}` }),
    );
  const stepTitle = p.stepTitle ? el('p', { className: 'participant-step-title', text: p.stepTitle }) : null;

  const bar = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p.steps), 'aria-valuenow': String(p.stepsPassed), 'aria-label': 'Steps passed' } });
  for (let i = 0; i < p.steps; i++) bar.append(el('span', { className: i < p.stepsPassed ? 'progress-cell done' : 'progress-cell' }));

  // Time on a step means something only while the learner has a sandbox to work in.
  const time = p.sessionId === null ? null : timeOnStep(p.stepSince, now);
  const stats = el('dl', { className: 'participant-stats' },
    stat('Passed', `${p.stepsPassed}/${p.steps}`, 'steps-passed'),
    stat('On step', time ?? '—', 'time-on-step'),
    stat('Quiz', p.quizScore === null ? '—' : `${p.quizScore}/${p.quizMax}`, 'quiz-score'),
    p.failedChecks > 0 ? stat('Failed checks', String(p.failedChecks), 'failed-checks') : null,
  );
  const reason = p.stuck && p.stuckReason ? el('p', { className: 'stuck-reason', text: p.stuckReason }) : null;

  const watch = el('button', {
    className: watching ? 'button button-primary' : 'button', testId: 'watch', text: watching ? 'Watching' : 'Watch',
    attrs: { type: 'button', title: 'See this learner’s terminal, live and read-only' },
  });
  watch.disabled = p.sessionId === null;
  watch.addEventListener('click', () => actions.watch(p));
  const keyboard = el('button', {
    className: 'button', testId: 'ask-keyboard',
    text: p.keyboard === 'learner' ? 'Ask to type' : p.keyboard === 'requested' ? 'Withdraw request' : 'Give keyboard back',
    attrs: { type: 'button', title: 'Type in this learner’s terminal, once they allow it' },
  });
  keyboard.disabled = p.sessionId === null;
  keyboard.addEventListener('click', () => (p.keyboard === 'learner' ? actions.askKeyboard(p) : actions.releaseKeyboard(p)));

  card.append(header, where, stepTitle ?? '', bar, stats, reason ?? '', el('div', { className: 'participant-actions' }, watch, keyboard));
  return card;
}

function stat(label: string, value: string, testId: string): HTMLElement {
  return el('div', { className: 'stat' }, el('dt', { text: label }), el('dd', { text: value, testId }));
}

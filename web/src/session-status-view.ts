/**
 * Says in the terminal pane's header what the terminal is doing, and, when
 * the learner has to act, why and what to do in a notice over the terminal.
 */
import { el } from './dom-builder.js';
import type { SessionStatus } from './lab-session.js';

export type StatusTone = 'busy' | 'ok' | 'info' | 'warn' | 'error';

export interface StatusDescription {
  /** Short text for the header pill. */
  label: string;
  tone: StatusTone;
  /** Longer explanation shown over the terminal, when there is something to do. */
  notice?: string;
  /** When starting over is the way forward: the notice offers it under this label
   * and the header's Restart button is highlighted. */
  action?: 'Restart' | 'Try again';
}

export function describeStatus(status: SessionStatus): StatusDescription {
  switch (status.kind) {
    case 'starting':
      return { label: 'starting sandbox…', tone: 'busy' };
    case 'connecting':
      return { label: 'connecting…', tone: 'busy' };
    case 'connected':
      return status.role === 'owner'
        ? { label: 'connected', tone: 'ok' }
        : { label: 'read-only', tone: 'info' };
    case 'reconnecting':
      return {
        label: status.reason === 'server shutting down' ? 'server shutting down — reconnecting…' : 'reconnecting…',
        tone: 'warn',
      };
    case 'shutting-down':
      return { label: 'server shutting down', tone: 'warn', notice: status.message };
    case 'ended':
      return {
        label: 'session ended — Restart',
        tone: 'error',
        notice: 'This session has ended: the shell exited, or the session was idle for too long. Restart starts a fresh sandbox.',
        action: 'Restart',
      };
    case 'failed':
      return { label: 'disconnected', tone: 'error', notice: status.message };
    case 'start-failed':
      return status.retryable
        ? { label: 'could not start', tone: 'error', notice: status.message, action: 'Try again' }
        : { label: 'could not start', tone: 'error', notice: status.message };
  }
}

export class SessionStatusView {
  readonly element = el('span', {
    className: 'status-pill',
    testId: 'connection-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });

  show(description: StatusDescription): void {
    this.element.textContent = description.label;
    this.element.dataset.tone = description.tone;
  }
}

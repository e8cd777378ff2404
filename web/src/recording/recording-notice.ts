/**
 * Tells the learner their session is recorded: a badge in the terminal's
 * header, shown while the server says a recording follows the session
 * (GET /api/sessions/<id>/recording). Asked again when the session changes
 * (restart, reconnect) and every RECHECK_MS, so turning recording off (or a
 * recording stopping at its size limit) clears it without a reload.
 */
import type { SessionRecordingState } from '../../../common/src/results-api.js';
import { isRecord } from '../api-shapes.js';
import type { Disposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import './recording-notice.css';

/** A recording can stop (the instructor, its size cap) while the page is open; a minute is soon enough to say so. */
const RECHECK_MS = 60_000;

export class RecordingNotice implements Disposable {
  readonly element = el('span', {
    className: 'recording-notice',
    testId: 'recording-notice',
    text: 'Recorded',
    attrs: {
      hidden: '',
      role: 'status',
      title: 'Your instructor records this terminal (what it shows, not what you type at password prompts) to review how the lab went.',
    },
  });
  private sessionId: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly fetchImpl: typeof fetch = (...args) => fetch(...args)) {}

  setSession(sessionId: string | null): void {
    this.sessionId = sessionId;
    if (this.timer) clearInterval(this.timer);
    this.timer = sessionId ? setInterval(() => void this.check(), RECHECK_MS) : null;
    if (!sessionId) this.element.hidden = true;
    void this.check();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.abort?.abort();
    this.sessionId = null;
  }

  private async check(): Promise<void> {
    const id = this.sessionId;
    if (!id) return;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    try {
      const response = await this.fetchImpl(`/api/sessions/${encodeURIComponent(id)}/recording`, {
        credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' }, signal: abort.signal,
      });
      const body: unknown = response.ok ? await response.json() : null;
      if (this.sessionId !== id) return;
      // Only a clear answer changes the badge: a server restarting says nothing either way.
      if (isRecord(body) && typeof (body as Partial<SessionRecordingState>).recording === 'boolean') {
        this.element.hidden = !(body as unknown as SessionRecordingState).recording;
      } else if (response.status === 404) {
        this.element.hidden = true;
      }
    } catch {
      // Network trouble: keep what is shown.
    }
  }
}

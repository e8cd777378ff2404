/**
 * The instructor's results page for a workshop (/workshops/<id>/results):
 * how the room answered each quiz question, as a chart with the questions
 * the room missed marked and listed first; downloads of everyone's progress
 * as CSV and JSON; and the recordings, each with a link to its replay.
 * Refreshes itself while open, since learners keep submitting.
 */
import type { LabQuizStats, RecordingSummary, WorkshopExport, WorkshopResults } from '../../../common/src/results-api.js';
import { replayPagePath } from '../../../common/src/results-api.js';
import { DisposableStore, toDisposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import type { View } from '../view.js';
import { workshopPath } from '../workshop/workshop-client.js';
import { isSignInError, renderSignIn } from './instructor-sign-in.js';
import { drawQuizChart } from './quiz-chart.js';
import { plainText } from './quiz-chart-layout.js';
import type { ResultsApi } from './results-client.js';
import './results.css';

/** Results move as learners submit; every 15 s is fresh enough for a room and costs a few SQLite reads. */
const REFRESH_MS = 15_000;

export class ResultsView implements View {
  private readonly disposables = new DisposableStore();
  private readonly abort = new AbortController();
  private readonly body = el('div', { className: 'results-body', testId: 'results-body' });
  private readonly title = el('h1', { text: 'Results' });
  private readonly meta = el('p', { className: 'muted', testId: 'results-meta' });

  constructor(private readonly workshopId: string, private readonly api: ResultsApi) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — results';
    const base = workshopPath(this.workshopId);
    host.replaceChildren(
      el('section', { className: 'results-page', testId: 'results-page' },
        el('header', { className: 'page-intro results-header' },
          el('div', {}, this.title, this.meta),
          el('div', { className: 'results-actions' },
            el('a', { className: 'button-link', testId: 'export-csv', text: 'Download CSV', attrs: { href: `${base}/export.csv`, download: '' } }),
            el('a', { className: 'button-link', testId: 'export-json', text: 'Download JSON', attrs: { href: `${base}/export.json`, download: '' } }),
          ),
        ),
        this.body,
      ),
    );
    this.disposables.add(toDisposable(() => this.abort.abort()));
    const timer = setInterval(() => void this.load(false), REFRESH_MS);
    this.disposables.add(toDisposable(() => clearInterval(timer)));
    void this.load(true);
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async load(first: boolean): Promise<void> {
    if (first) this.body.replaceChildren(el('p', { className: 'muted loading', text: 'Loading results…' }));
    try {
      const [results, progress, recordings, setting] = await Promise.all([
        this.api.results(this.workshopId, this.abort.signal),
        this.api.progress(this.workshopId, this.abort.signal),
        this.api.recordings(this.workshopId, this.abort.signal),
        this.api.recordingSetting(this.workshopId, this.abort.signal),
      ]);
      this.render(results, progress, recordings, setting.enabled);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (isSignInError(error)) {
        this.body.replaceChildren(renderSignIn(error, this.api, () => void this.load(true)));
        return;
      }
      // A failed background refresh keeps what is on screen.
      if (!first) return;
      this.body.replaceChildren(el('div', { className: 'error-panel', attrs: { role: 'alert' } },
        el('p', { className: 'error-title', text: 'Could not load the results.' }),
        el('p', { className: 'error-text', text: error instanceof Error ? error.message : String(error) }),
      ));
    }
  }

  private render(results: WorkshopResults, progress: WorkshopExport, recordings: RecordingSummary[], recordingOn: boolean): void {
    document.title = `syslab — results: ${results.workshop.title}`;
    this.title.textContent = `Results — ${results.workshop.title}`;
    const people = results.participants === 1 ? '1 participant' : `${results.participants} participants`;
    this.meta.textContent = `${people}${results.workshop.closedAt ? ' · workshop closed' : ''} · the chart counts each learner’s first attempt at a quiz`;
    const missed = results.labs.flatMap((lab) => lab.questions.map((q, i) => ({ lab, q, n: i + 1 })).filter(({ q }) => q.missedByRoom));
    this.body.replaceChildren(
      ...(missed.length > 0 ? [this.missedSummary(missed)] : []),
      ...(results.labs.length > 0 ? results.labs.map((lab) => this.labSection(lab)) : [el('p', { className: 'muted', text: 'None of this workshop’s labs has a quiz.' })]),
      this.learnersSection(progress),
      this.recordingsSection(recordings, recordingOn),
    );
  }

  private missedSummary(missed: Array<{ lab: LabQuizStats; q: LabQuizStats['questions'][number]; n: number }>): HTMLElement {
    const labs = [...new Set(missed.map((m) => m.lab))];
    return el('section', { className: 'results-missed', testId: 'missed-questions', attrs: { 'aria-label': 'Questions the room missed' } },
      el('h2', { text: missed.length === 1 ? 'One question the room got wrong' : `${missed.length} questions the room got wrong` }),
      ...labs.flatMap((lab) => [
        ...(labs.length > 1 ? [el('h3', { text: lab.title })] : []),
        el('ul', {}, ...missed.filter((m) => m.lab === lab).map(({ q, n }) => el('li', {},
          el('strong', { text: `Q${n}: ` }),
          plainText(q.prompt),
          el('span', { className: 'muted', text: ` — ${q.right} of ${q.submitted} right${q.commonWrong ? `; most often “${q.commonWrong.answer}”` : ''}` }),
        ))),
      ]),
    );
  }

  private labSection(lab: LabQuizStats): HTMLElement {
    const mean = lab.meanScore === null ? '' : ` · mean first score ${lab.meanScore} of ${lab.max}`;
    return el('section', { className: 'results-lab', testId: 'results-lab', attrs: { 'data-lab': lab.lab } },
      el('h2', { text: lab.title }),
      el('p', { className: 'muted', text: `${lab.submitted} of ${lab.participants} submitted the quiz${mean}` }),
      el('div', { className: 'quiz-chart-frame' }, drawQuizChart(lab)),
      el('p', { className: 'quiz-legend' },
        el('span', { className: 'legend-swatch legend-right' }), 'right',
        el('span', { className: 'legend-swatch legend-wrong' }), 'answered wrong',
        el('span', { className: 'legend-swatch legend-unanswered' }), 'left out',
      ),
    );
  }

  /** Who did what: steps passed and quiz scores per learner and lab (what the CSV holds). */
  private learnersSection(progress: WorkshopExport): HTMLElement {
    const labs = progress.participants[0]?.labs.map((l) => l.title) ?? [];
    return el('section', { className: 'results-learners', testId: 'learners' },
      el('h2', { text: 'Learners' }),
      progress.participants.length === 0
        ? el('p', { className: 'muted', text: 'No one has joined yet.' })
        : el('table', { className: 'recordings-table' },
          el('thead', {}, el('tr', {}, el('th', { text: 'Learner' }), ...labs.map((title) => el('th', { text: title })))),
          el('tbody', {}, ...progress.participants.map((p) => el('tr', { testId: 'learner-row' },
            el('td', { text: p.name }),
            ...p.labs.map((l) => el('td', {
              text: `${l.stepsPassed.length}/${l.stepsTotal} steps${l.quiz.bestScore === null ? '' : ` · quiz ${l.quiz.firstScore}→${l.quiz.bestScore} of ${l.quiz.max}`}`,
              attrs: { title: l.quiz.bestScore === null ? 'quiz not taken' : 'quiz: first attempt → best attempt' },
            })),
          ))),
        ),
    );
  }

  private recordingsSection(recordings: RecordingSummary[], on: boolean): HTMLElement {
    const toggle = el('input', { testId: 'recording-toggle', attrs: { type: 'checkbox', id: 'recording-toggle' } });
    toggle.checked = on;
    toggle.addEventListener('change', () => {
      toggle.disabled = true;
      this.api.setRecording(this.workshopId, toggle.checked).then(
        (s) => { toggle.checked = s.enabled; },
        () => { toggle.checked = !toggle.checked; },
      ).finally(() => { toggle.disabled = false; });
    });
    return el('section', { className: 'results-recordings', testId: 'recordings' },
      el('h2', { text: 'Recordings' }),
      el('p', { className: 'recording-setting' },
        toggle,
        el('label', { text: ' Record learners’ new sessions (they see a “Recorded” notice; turning this off stops the recordings running now)', attrs: { for: 'recording-toggle' } }),
      ),
      recordings.length === 0
        ? el('p', { className: 'muted', text: 'No recordings yet: each learner’s lab session is recorded from when it starts.' })
        : el('table', { className: 'recordings-table' },
          el('thead', {}, el('tr', {}, ...['Learner', 'Lab', 'Started', 'Length', 'Size', ''].map((h) => el('th', { text: h })))),
          el('tbody', {}, ...recordings.map((r) => el('tr', { testId: 'recording-row', attrs: { 'data-recording': r.id } },
            el('td', { text: r.participant?.name ?? '—' }),
            el('td', { text: r.labTitle }),
            el('td', { text: new Date(r.startedAt).toLocaleTimeString() }),
            el('td', { text: `${formatDuration(r.durationSeconds)}${r.endedAt ? '' : ' (recording)'}` }),
            el('td', { text: formatBytes(r.bytes, r.endedAt === null) }),
            el('td', { className: 'recording-links' },
              // A full page load, not in-page routing: the replay page has its own CSP (recording/replay-page-policy.ts).
              el('a', { testId: 'replay-link', text: 'Replay', attrs: { href: replayPagePath(r.id) } }),
              ' · ',
              el('a', { text: '.cast', attrs: { href: `${r.castPath}?download=1`, download: '' } }),
            ),
          ))),
        ),
    );
  }
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

function formatBytes(bytes: number, growing: boolean): string {
  if (growing) return '—';
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

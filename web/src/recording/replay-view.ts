/**
 * Replays one recording (/recordings/<id>) with asciinema-player, bundled
 * by Vite like xterm.js but loaded only on this page (a chunk of its own: a
 * learner's page does not carry its ~300 kB). The cast is fetched by the
 * page (with the instructor's cookie) and handed to the player as data.
 * Under the page's CSP the player needs its stylesheet (a file from 'self')
 * and `'wasm-unsafe-eval'` for its terminal emulator, which is WebAssembly
 * (server/src/http/security-headers.ts); it sets styles only through CSSOM.
 */
import type { RecordingSummary } from '../../../common/src/results-api.js';
import { resultsPagePath } from '../../../common/src/results-api.js';
import { DisposableStore, toDisposable } from '../disposable-store.js';
import { el } from '../dom-builder.js';
import { isSignInError, renderSignIn } from '../results/instructor-sign-in.js';
import type { ResultsApi } from '../results/results-client.js';
import { formatDuration } from '../results/results-view.js';
import { ROUTE_LINK_ATTRIBUTE } from '../router.js';
import type { View } from '../view.js';
import { castDuration, castMarkers, formatCastTime } from './cast-markers.js';
import './replay.css';

/**
 * Pauses longer than this play as this long: a learner reading the guide
 * for five minutes should not mean five minutes of a still screen. The file
 * keeps the real times.
 */
const IDLE_TIME_LIMIT_SECONDS = 2;

type PlayerModule = typeof import('asciinema-player');

async function loadPlayer(): Promise<PlayerModule> {
  const [player] = await Promise.all([import('asciinema-player'), import('asciinema-player/dist/bundle/asciinema-player.css')]);
  return player;
}

export class ReplayView implements View {
  private readonly disposables = new DisposableStore();
  private readonly abort = new AbortController();
  private readonly title = el('h1', { text: 'Replay' });
  private readonly meta = el('p', { className: 'muted', testId: 'replay-meta' });
  private readonly links = el('div', { className: 'results-actions' });
  private readonly stage = el('div', { className: 'replay-stage', testId: 'replay-stage' });

  constructor(private readonly recordingId: string, private readonly api: ResultsApi) {}

  activate(host: HTMLElement): void {
    document.title = 'syslab — replay';
    host.replaceChildren(
      el('section', { className: 'replay-page', testId: 'replay-page' },
        el('header', { className: 'page-intro results-header' }, el('div', {}, this.title, this.meta), this.links),
        this.stage,
      ),
    );
    this.disposables.add(toDisposable(() => this.abort.abort()));
    void this.load();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async load(): Promise<void> {
    this.stage.replaceChildren(el('p', { className: 'muted loading', text: 'Loading the recording…' }));
    try {
      const recording = await this.api.recording(this.recordingId, this.abort.signal);
      this.describe(recording);
      const [cast, player] = await Promise.all([this.api.cast(recording, this.abort.signal), loadPlayer()]);
      if (this.abort.signal.aborted) return;
      this.play(player, cast);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (isSignInError(error)) {
        this.stage.replaceChildren(renderSignIn(error, this.api, () => void this.load()));
        return;
      }
      this.stage.replaceChildren(el('div', { className: 'error-panel', attrs: { role: 'alert' } },
        el('p', { className: 'error-title', text: 'Could not load the recording.' }),
        el('p', { className: 'error-text', text: error instanceof Error ? error.message : String(error) }),
      ));
    }
  }

  private describe(r: RecordingSummary): void {
    const who = r.participant?.name ?? 'a solo learner';
    this.title.textContent = `Replay — ${who} · ${r.labTitle}`;
    document.title = `syslab — replay: ${who}, ${r.labTitle}`;
    const parts = [
      `started ${new Date(r.startedAt).toLocaleString()}`,
      `${formatDuration(r.durationSeconds)}${r.endedAt ? '' : ' so far (still recording)'}`,
      r.stopped ? `recording stopped early: ${r.stopped}` : null,
      `pauses over ${IDLE_TIME_LIMIT_SECONDS} s are shortened`,
    ];
    this.meta.textContent = parts.filter(Boolean).join(' · ');
    this.links.replaceChildren(
      ...(r.workshopId ? [el('a', { className: 'button-link', text: 'Back to results', attrs: { href: resultsPagePath(r.workshopId), [ROUTE_LINK_ATTRIBUTE]: '' } })] : []),
      el('a', { className: 'button-link', text: 'Download .cast', attrs: { href: `${r.castPath}?download=1`, download: '' } }),
    );
  }

  private play(AsciinemaPlayer: PlayerModule, cast: string): void {
    const host = el('div', { className: 'replay-player', testId: 'replay-player' });
    const markers = castMarkers(cast);
    const chapters = el('ol', { className: 'replay-markers', testId: 'replay-markers', attrs: { 'aria-label': 'Moments in the recording' } });
    this.stage.replaceChildren(host, ...(markers.length > 0 ? [el('h2', { className: 'replay-markers-title', text: 'Jump to' }), chapters] : []));
    const player = AsciinemaPlayer.create({ data: cast }, host, {
      autoPlay: true,
      // Into the stage's box (replay.css): the whole terminal and the controls on screen at once.
      fit: 'both',
      idleTimeLimit: IDLE_TIME_LIMIT_SECONDS,
      terminalFontFamily: 'var(--font-mono)',
    });
    this.disposables.add(toDisposable(() => player.dispose()));
    // The player knows the same markers (shown on its progress bar); seeking by index lands where the
    // event is even though shortened pauses make its clock differ from the real times listed here.
    // It leaves out a marker at the very end (a stop notice, a step passed just before the session
    // ended), which is where seeking to 100% goes.
    const duration = castDuration(cast);
    chapters.replaceChildren(...markers.map((m, index) => {
      const button = el('button', { className: 'button-link replay-marker', attrs: { type: 'button' } },
        el('span', { className: 'replay-marker-time', text: formatCastTime(m.time) }), ` ${m.label}`);
      button.addEventListener('click', () => {
        void player.seek(m.time < duration ? { marker: index } : '100%').then(() => player.play());
      });
      return el('li', {}, button);
    }));
  }
}

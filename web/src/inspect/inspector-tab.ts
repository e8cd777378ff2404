/**
 * What the inspector panel and its tabs agree on. A tab is one view that
 * draws (an xterm.js-style addon): it says what it needs streamed while it
 * is on screen, and the panel, which owns the one stream, feeds it.
 */
import type { InspectorView, ProcessInfo } from '../../../common/src/inspect-api.js';
import type { InspectStreamView, SyslabApi } from '../api-client.js';
import type { View } from '../view.js';
import type { InspectorEvent } from './inspector-stream.js';
import type { ProcessSelection } from './process-selection.js';

export interface StreamRequest {
  views: readonly InspectStreamView[];
  /** For `maps`. */
  pid?: number | null;
}

export interface InspectorTab extends View {
  readonly view: InspectorView;
  /** What to stream while this tab is on screen; null for nothing yet. */
  streamRequest(): StreamRequest | null;
  receive(event: InspectorEvent): void;
}

export type NoticeTone = 'ok' | 'error' | 'info';

/** What a tab may use; one per session, so a restarted sandbox starts with fresh tabs. */
export interface InspectorContext {
  readonly api: SyslabApi;
  readonly sessionId: string;
  /** The process the learner picked, shared by the tabs. */
  readonly selection: ProcessSelection;
  /**
   * The newest process list any tab received, or null: a tab opened after
   * another can choose its process at once instead of connecting twice.
   */
  latestProcesses(): ProcessInfo[] | null;
  /** The tab's streamRequest() changed: the panel reconnects if the tab is on screen. */
  streamChanged(tab: InspectorTab): void;
  showView(view: InspectorView): void;
  /** A short message in the panel's bar: a signal sent, a request refused. */
  notify(text: string, tone: NoticeTone): void;
}

/**
 * How a part of the page asks for an inspector view without holding the
 * panel: a DOM event that bubbles to the lab view, which owns the panel.
 * The guide's step pages use it for their "Open the … view" button and to
 * suggest the view when they open.
 */
import type { InspectorView } from '../../../common/src/inspect-api.js';
import type { Disposable } from '../disposable-store.js';
import { toDisposable } from '../disposable-store.js';

const OPEN_INSPECTOR_EVENT = 'syslab:open-inspector';

export interface InspectorRequest {
  view: InspectorView;
  /** `click`: the learner asked, so open the panel. `step`: a step that uses the view opened; a suggestion. */
  reason: 'click' | 'step';
}

export function requestInspector(from: EventTarget, request: InspectorRequest): void {
  from.dispatchEvent(new CustomEvent<InspectorRequest>(OPEN_INSPECTOR_EVENT, { bubbles: true, detail: request }));
}

export function onInspectorRequest(target: HTMLElement, listener: (request: InspectorRequest) => void): Disposable {
  const handler = (event: Event): void => listener((event as CustomEvent<InspectorRequest>).detail);
  target.addEventListener(OPEN_INSPECTOR_EVENT, handler);
  return toDisposable(() => target.removeEventListener(OPEN_INSPECTOR_EVENT, handler));
}

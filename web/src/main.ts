/** Entry point: builds the shell, then swaps one view in the outlet per route. */
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { createApiClient } from './api-client.js';
import { renderAppShell } from './app-shell.js';
import { LabListView } from './lab-list-view.js';
import { LabView } from './lab-view.js';
import { NotFoundView } from './not-found-view.js';
import { ReplayView } from './recording/replay-view.js';
import { createResultsApi } from './results/results-client.js';
import { ResultsView } from './results/results-view.js';
import type { Route } from './router.js';
import { Router } from './router.js';
import { createSessionStore } from './session-store.js';
import { TestHook } from './test-hook.js';
import type { View } from './view.js';
import { makeRuntimeStylesInert } from './xterm-csp-style-addon.js';

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');

  makeRuntimeStylesInert();
  const api = createApiClient();
  const store = createSessionStore();
  const testHook = new TestHook();
  testHook.install();

  const { outlet } = renderAppShell(root);
  let current: View | null = null;

  function viewFor(route: Route): View {
    switch (route.name) {
      case 'labs':
        return new LabListView(api);
      case 'lab':
        return new LabView(route.labId, { api, store, testHook });
      case 'workshop-results':
        return new ResultsView(route.workshopId, createResultsApi());
      case 'replay':
        return new ReplayView(route.recordingId, createResultsApi());
      case 'not-found':
        return new NotFoundView(route.path);
    }
  }

  const router = new Router((route) => {
    current?.dispose();
    outlet.replaceChildren();
    outlet.dataset.route = route.name;
    current = viewFor(route);
    current.activate(outlet);
  });
  router.start();
}

main();

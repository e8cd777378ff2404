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
import { InstructorHomeView } from './workshop/instructor-home-view.js';
import { JoinView } from './workshop/join-view.js';
import { LearnerOverlay } from './workshop/learner-overlay.js';
import { LearnerWorkshopView } from './workshop/learner-workshop-view.js';
import { createWorkshopApi } from './workshop/workshop-client.js';
import { WorkshopDashboardView } from './workshop/workshop-dashboard-view.js';
import { WorkshopMembership } from './workshop/workshop-membership.js';
import { makeRuntimeStylesInert, routeStyleAttributesThroughCssom } from './xterm-csp-style-addon.js';

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');

  makeRuntimeStylesInert();
  routeStyleAttributesThroughCssom();
  const api = createApiClient();
  const store = createSessionStore();
  const testHook = new TestHook();
  testHook.install();

  const { outlet, extras } = renderAppShell(root);
  let current: View | null = null;
  const workshops = createWorkshopApi();
  const membership = new WorkshopMembership(workshops);
  // A learner in a workshop sees its announcements, shared terminal and keyboard requests on every page.
  const overlay = new LearnerOverlay(membership, extras);
  void overlay.start();
  const navigate = (path: string) => router.navigate(path);
  const joined = (path: string) => {
    void overlay.start();
    navigate(path);
  };
  // A workshop's labs start in the workshop (its room, its limits).
  const labApi = membership.sessionApi(api);

  function viewFor(route: Route): View {
    switch (route.name) {
      case 'labs':
        return new LabListView(api);
      case 'lab':
        return new LabView(route.labId, { api: labApi, store, testHook });
      case 'workshop-results':
        return new ResultsView(route.workshopId, createResultsApi());
      case 'replay':
        return new ReplayView(route.recordingId, createResultsApi());
      case 'instructor':
        return new InstructorHomeView(workshops, api, navigate);
      case 'workshop-dashboard':
        return new WorkshopDashboardView(route.workshopId, workshops, api);
      case 'join':
        return new JoinView(route.code, membership, store, joined);
      case 'my-workshop':
        return new LearnerWorkshopView(membership, api, store, joined);
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

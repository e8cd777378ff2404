import type { RequestHandler, Router } from 'express';
import { describe, expect, it } from 'vitest';
import type { LearnerStore } from '../store/learner-store.js';
import type { InstructorStore } from './instructor-store.js';
import { ALL_INSTRUCTOR_ROUTES, WORKSHOP_INSTRUCTOR_ROUTES } from './instructor-routes.js';
import { participantRoutes, PUBLIC_WORKSHOP_ROUTES } from './participant-routes.js';
import { workshopRoutes } from './workshop-routes.js';
import type { WorkshopService } from './workshop-service.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) an Express router serves, nested routers included, with its handlers. */
function routesOf(router: Router): Array<{ method: string; path: string; handlers: unknown[] }> {
  const out: Array<{ method: string; path: string; handlers: unknown[] }> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          out.push({ method: method.toUpperCase(), path: layer.route.path, handlers: layer.route.stack.map((s) => s.handle) });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out;
}

describe('the instructor route table', () => {
  const guard: RequestHandler = (_req, _res, next) => next();
  const service = { events: {} } as unknown as WorkshopService;
  const instructor = routesOf(workshopRoutes(service, {} as InstructorStore, guard));
  const learner = routesOf(participantRoutes(service, {} as LearnerStore, {} as InstructorStore));

  it('is what the workshop router serves, each route behind the instructor check first', () => {
    const served = instructor.map((r) => `${r.method} ${r.path}`).sort();
    const table = Object.values(WORKSHOP_INSTRUCTOR_ROUTES).filter((r) => r.method !== 'WS').map((r) => `${r.method} ${r.path}`).sort();
    expect(served).toEqual(table);
    for (const r of instructor) expect(r.handlers[0]).toBe(guard);
  });

  it('is in the list the security suite walks', () => {
    for (const r of Object.values(WORKSHOP_INSTRUCTOR_ROUTES)) expect(ALL_INSTRUCTOR_ROUTES).toContainEqual(r);
  });

  it('leaves out only learner routes: public ones and /api/participant', () => {
    for (const r of learner) {
      const isPublic = PUBLIC_WORKSHOP_ROUTES.some((p) => p.method === r.method && p.path === r.path);
      expect({ route: `${r.method} ${r.path}`, learnerRoute: isPublic || r.path.startsWith('/api/participant') })
        .toEqual({ route: `${r.method} ${r.path}`, learnerRoute: true });
    }
  });
});

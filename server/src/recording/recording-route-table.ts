/**
 * The recordings' instructor routes as data (workshops/instructor-routes.ts):
 * listed in ALL_INSTRUCTOR_ROUTES, so the security suite proves a learner is
 * refused on each. A file of its own, importing only a type, so that list
 * can include it without an import cycle.
 */
import type { InstructorRouteSpec } from '../workshops/instructor-routes.js';

export const RECORDING_INSTRUCTOR_ROUTES = {
  listRecordings: { method: 'GET', path: '/api/workshops/:workshopId/recordings' },
  recordingSetting: { method: 'GET', path: '/api/workshops/:workshopId/recording' },
  setRecordingSetting: { method: 'PUT', path: '/api/workshops/:workshopId/recording' },
  soloRecordings: { method: 'GET', path: '/api/recordings' },
  // Before the next row: "/api/recordings/<id>.cast" would match ":recordingId" too.
  recordingCast: { method: 'GET', path: '/api/recordings/:recordingId.cast' },
  recording: { method: 'GET', path: '/api/recordings/:recordingId' },
} as const satisfies Record<string, InstructorRouteSpec>;

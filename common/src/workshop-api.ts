/**
 * Shapes of the workshop API (docs/api.md, "Workshops"): what an instructor
 * creates and watches, what a learner gets by joining, and the events both
 * receive. Shared by server and browser; neither Node nor the DOM is in scope.
 */

/**
 * Cookie set on joining (value "1"): not a credential, only tells the page
 * that this browser's learner is in a workshop, so it asks GET
 * /api/participant only then (a learner outside one would get a 401/404).
 */
export const WORKSHOP_HINT_COOKIE = 'syslab_workshop';

/** `POST /api/workshops` answer. */
export interface CreatedWorkshop {
  id: string;
  /** Join code as shown to people: "KXR-47P". Accepted with or without the dash, in any case. */
  code: string;
  /** Path of the join page with the code filled in ("/join/KXR-47P"); prefix the server's origin. */
  joinPath: string;
}

export interface WorkshopSettings {
  /** Most learners who may join; later ones get 409 workshop_full. */
  maxParticipants: number;
  /** Most sandboxes the workshop's learners may run at once (the instructor's broadcast not counted). */
  maxSessions: number;
  /** A learner with no step passed for this many minutes is flagged stuck. */
  stuckMinutes: number;
}

/** One workshop as the instructor's list and dashboard show it. */
export interface WorkshopSummary extends WorkshopSettings, CreatedWorkshop {
  title: string;
  /** Lab ids in the instructor's order. */
  labs: string[];
  participants: number;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC; null while open. */
  closedAt: string | null;
}

/** Who controls a participant's keyboard. */
export type KeyboardHolder = 'learner' | 'requested' | 'instructor';

/** One row of the dashboard grid. */
export interface ParticipantStatus {
  id: string;
  name: string;
  /** The lab of the learner's latest session; null before they open one. */
  lab: string | null;
  /** The step they are on (from 1); null when every step has passed or no lab is open. */
  step: number | null;
  /** That step's title. */
  stepTitle: string | null;
  /** How many steps the lab has. */
  steps: number;
  stepsPassed: number;
  /** When the learner reached the current step (ISO 8601): time on the step is now minus this. */
  stepSince: string | null;
  /** Best quiz score in this lab, null before an attempt. */
  quizScore: number | null;
  quizMax: number | null;
  /** No step passed for the workshop's stuckMinutes, or repeated failed checks on this step. */
  stuck: boolean;
  /** Why stuck, for the card's tooltip: "no progress for 7 min", "4 failed checks". */
  stuckReason: string | null;
  /** Checks of the current step the learner asked for that failed. */
  failedChecks: number;
  /** The running session (shadow it with the instructor's terminal socket); null when none runs. */
  sessionId: string | null;
  /** A terminal of the learner is attached right now. */
  online: boolean;
  keyboard: KeyboardHolder;
  /** ISO 8601. */
  joinedAt: string;
}

/** `GET /api/workshops/<id>`: the workshop, its roster with live status, its announcements. */
export interface WorkshopView {
  workshop: WorkshopSummary;
  participants: ParticipantStatus[];
  announcements: Announcement[];
  /** The instructor's shared terminal, or null when nothing is broadcast. */
  broadcast: { sessionId: string; lab: string } | null;
}

export interface Announcement {
  id: number;
  message: string;
  /** ISO 8601. */
  sentAt: string;
}

/** `POST /api/workshops/join` answer. */
export interface JoinedWorkshop {
  workshop: { id: string; title: string; labs: string[] };
  participant: { id: string; name: string };
  /**
   * The learner's credential (also set as the syslab_learner cookie): send it
   * as X-Syslab-Learner from a script. Shown once, stored hashed.
   */
  learner: string;
}

/** `GET /api/participant`: the workshop a learner is in, as their page shows it. */
export interface ParticipantView {
  workshop: { id: string; title: string; labs: string[]; closed: boolean };
  participant: { id: string; name: string };
  announcements: Announcement[];
  /** Whether the instructor is broadcasting (open the broadcast terminal socket to watch). */
  broadcasting: boolean;
  /** Sessions of this learner where the instructor asked for or holds the keyboard. */
  keyboard: Array<{ sessionId: string; holder: KeyboardHolder }>;
}

/** Server-Sent Events on `GET /api/participant/events`. */
export type ParticipantEvent =
  | { event: 'announcement'; data: Announcement }
  | { event: 'broadcast'; data: { broadcasting: boolean } }
  | { event: 'keyboard'; data: { sessionId: string; holder: KeyboardHolder } }
  | { event: 'closed'; data: { closedAt: string } };

/** Server-Sent Events on `GET /api/workshops/<id>/events`. */
export type InstructorEvent =
  | { event: 'participants'; data: ParticipantStatus[] }
  | { event: 'workshop'; data: WorkshopSummary }
  | { event: 'broadcast'; data: WorkshopView['broadcast'] };

export const WORKSHOP_LIMITS = {
  MAX_TITLE_CHARS: 120,
  MAX_LABS: 20,
  MAX_ANNOUNCEMENT_CHARS: 500,
} as const;

/** Path of the join page for a code ("KXR-47P"). */
export function joinPath(code: string): string {
  return `/join/${encodeURIComponent(code)}`;
}

/** Shadow terminal socket for an instructor: read-only, or typing once the learner allowed it (`?mode=control`). */
export function shadowTerminalPath(workshopId: string, sessionId: string): string {
  return `/api/workshops/${encodeURIComponent(workshopId)}/sessions/${encodeURIComponent(sessionId)}/terminal`;
}

/** A learner's read-only socket on the instructor's broadcast terminal. */
export const BROADCAST_TERMINAL_PATH = '/api/participant/broadcast/terminal';

/** HttpOnly cookie (Path=/api) holding the instructor key in a browser, set by POST /api/instructor/login. */
export const INSTRUCTOR_COOKIE = 'syslab_instructor';

/**
 * Close code of an instructor's typing socket when the learner takes the
 * keyboard back (or the instructor gives it back): reconnect read-only.
 */
export const KEYBOARD_RETURNED_CLOSE_CODE = 4403;

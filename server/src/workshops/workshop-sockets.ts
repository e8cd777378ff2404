/**
 * The workshop's terminal WebSockets, on top of the session layer's (several
 * sockets per session, only owners type, a screen replay on attach):
 * - an instructor shadowing a participant's session: read-only, or typing
 *   (`?mode=control`) once the learner has allowed it;
 * - a participant watching the instructor's broadcast terminal, read-only.
 * Origin and credential are checked on the upgrade itself, like the
 * learner's own terminal (SECURITY.md #1, #2, #15).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { LEARNER_HEADER } from '../../../common/src/api.js';
import { BROADCAST_TERMINAL_PATH, KEYBOARD_RETURNED_CLOSE_CODE } from '../../../common/src/workshop-api.js';
import { AppError } from '../errors.js';
import type { LearnerStore } from '../store/learner-store.js';
import type { Credential } from '../ws/credential.js';
import { originAllowed } from '../ws/origin-policy.js';
import { refuse, type TerminalSockets } from '../ws/terminal-socket.js';
import { decodePathSegment, upgradeUrl } from '../ws/upgrade-request.js';
import { authenticateInstructor, type InstructorAuthDeps } from './instructor-auth.js';
import { learnerOfRequest } from './learner-of-request.js';
import type { WorkshopService } from './workshop-service.js';

const SHADOW_PATH = /^\/api\/workshops\/([^/]+)\/sessions\/([^/]+)\/terminal$/;

export interface WorkshopSocketDeps extends InstructorAuthDeps {
  service: WorkshopService;
  terminals: TerminalSockets;
  learners: LearnerStore;
  allowedOrigins: ReadonlySet<string>;
}

export class WorkshopSockets {
  constructor(private readonly deps: WorkshopSocketDeps) {}

  /** Returns false when the path is not ours. Never throws (an exception here would end the process). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = upgradeUrl(req);
    if (!url) return false;
    try {
      const shadow = SHADOW_PATH.exec(url.pathname);
      if (shadow) return this.shadow(req, socket, head, decodePathSegment(shadow[1]!), decodePathSegment(shadow[2]!), url.searchParams.get('mode') === 'control');
      if (url.pathname === BROADCAST_TERMINAL_PATH) return this.watchBroadcast(req, socket, head);
      return false;
    } catch (err) {
      if (err instanceof AppError && (err.status === 401 || err.status === 403 || err.status === 404)) return refuse(socket, err.status, err.userMessage);
      socket.destroy();
      return true;
    }
  }

  private shadow(req: IncomingMessage, socket: Duplex, head: Buffer, workshopId: string, sessionId: string, control: boolean): true {
    // Like the learner's terminal: a foreign page first (403), then no credential (401), then a cookie without Origin (403).
    if (req.headers.origin !== undefined && !this.originOk(req, 'cookie')) return refuse(socket, 403, 'origin not allowed');
    const auth = authenticateInstructor(this.deps, req);
    if (!auth.ok) return refuse(socket, auth.status, auth.message);
    if (!this.originOk(req, auth.source)) return refuse(socket, 403, 'a cookie credential needs an Origin header');
    const w = this.deps.service.require(auth.instructor, workshopId);
    const { session } = this.deps.service.requireParticipantSession(w, sessionId);
    if (control && !this.deps.service.mayType(session.id)) {
      return refuse(socket, 403, 'the learner has not given you the keyboard: ask with POST …/participants/<id>/keyboard and wait for them to allow it');
    }
    this.deps.terminals.attach(req, socket, head, session, control ? 'owner' : 'watcher', (ws) => {
      if (!control) return;
      const unregister = this.deps.service.addControlSocket(session.id, () => ws.close(KEYBOARD_RETURNED_CLOSE_CODE, 'the learner has the keyboard again'));
      ws.on('close', unregister);
    });
    return true;
  }

  private watchBroadcast(req: IncomingMessage, socket: Duplex, head: Buffer): true {
    if (req.headers.origin !== undefined && !this.originOk(req, 'cookie')) return refuse(socket, 403, 'origin not allowed');
    const learnerId = learnerOfRequest(this.deps.learners, req);
    if (!learnerId) return refuse(socket, 401, 'join the workshop first: this needs the learner credential joining gave you');
    // A header is set by a script (a page cannot set one on a WebSocket); a cookie must come with this server's Origin.
    if (!this.originOk(req, req.headers[LEARNER_HEADER] !== undefined ? 'bearer' : 'cookie')) return refuse(socket, 403, 'a cookie credential needs an Origin header');
    const { workshop } = this.deps.service.participantOf(learnerId);
    const session = this.deps.service.broadcastOf(workshop.id);
    if (!session) return refuse(socket, 404, 'the instructor is not sharing their terminal right now');
    this.deps.terminals.attach(req, socket, head, session, 'watcher');
    return true;
  }

  /** A header credential (script) may come without Origin; a cookie needs this server's origin (origin-policy.ts). */
  private originOk(req: IncomingMessage, source: Credential['source']): boolean {
    return originAllowed(req, { token: '', source }, this.deps.allowedOrigins);
  }
}


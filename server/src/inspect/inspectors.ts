/** The live inspectors of every session, made on first use and gone with the session. */
import type { Logger } from 'pino';
import type { Session } from '../sessions/session.js';
import { SessionInspector } from './session-inspector.js';

export class Inspectors {
  private readonly bySession = new Map<string, SessionInspector>();

  constructor(private readonly log: Logger) {}

  for(session: Session): SessionInspector {
    let inspector = this.bySession.get(session.id);
    if (!inspector) {
      const made = new SessionInspector(session, this.log);
      inspector = made;
      this.bySession.set(session.id, made);
      session.onEnded(() => {
        made.dispose();
        this.bySession.delete(session.id);
      });
    }
    return inspector;
  }

  get size(): number {
    return this.bySession.size;
  }
}

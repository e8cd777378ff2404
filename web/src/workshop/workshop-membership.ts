/**
 * Whether this browser's learner is in a workshop (GET /api/participant),
 * asked once per page load and again after joining. A member's labs start
 * through the workshop (so they count in its room and limits); anything
 * else behaves as without a workshop.
 */
import type { CreatedSession } from '../../../common/src/api.js';
import { WORKSHOP_HINT_COOKIE, type ParticipantView } from '../../../common/src/workshop-api.js';
import type { SyslabApi } from '../api-client.js';
import { ApiRequestError } from '../api-client.js';
import type { WorkshopApi } from './workshop-client.js';

export class WorkshopMembership {
  private current: Promise<ParticipantView | null> | null = null;

  constructor(
    readonly api: WorkshopApi,
    /** Whether the join hint cookie is there: without it the learner never joined here, and nothing is asked. */
    private readonly joinedHere: () => boolean = () => document.cookie.split(/;\s*/).includes(`${WORKSHOP_HINT_COOKIE}=1`),
  ) {}

  /** The learner's workshop, or null when they have not joined one (or the server cannot say). */
  view(): Promise<ParticipantView | null> {
    if (!this.joinedHere()) return Promise.resolve(null);
    this.current ??= this.api.me().catch((error: unknown) => {
      if (!(error instanceof ApiRequestError && (error.status === 401 || error.status === 404))) console.warn('syslab: could not ask about a workshop', error);
      return null;
    });
    return this.current;
  }

  /** After joining (a new learner) or when the workshop changed (closed). */
  forget(): void {
    this.current = null;
  }

  /** The lab page's api: a workshop lab starts in the workshop, any other lab as usual. */
  sessionApi(api: SyslabApi): SyslabApi {
    return {
      ...api,
      createSession: async (lab): Promise<CreatedSession> => {
        const me = await this.view();
        if (me && !me.workshop.closed && me.workshop.labs.includes(lab)) return this.api.startLab(lab);
        return api.createSession(lab);
      },
    };
  }
}

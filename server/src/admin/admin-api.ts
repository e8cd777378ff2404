/** The admin socket's JSON (admin-socket.ts serves it, the `syslab sessions` command reads it). */

/** GET /sessions. */
export interface AdminSessionList {
  sessions: AdminSession[];
  /** Warm sandboxes ready now by lab (sessions/warm-pool.ts): sandboxes no session has yet. Absent from servers before the pool. */
  warm?: Record<string, number>;
}

export interface AdminSession {
  id: string;
  lab: string;
  learner: string;
  /** The client address key the per-client cap counts by. */
  client: string;
  startedAt: string;
  ageSeconds: number;
  /** Since the owner last typed, attached or detached. */
  idleSeconds: number;
  sockets: number;
  ownerAttached: boolean;
  /** Output paused by flow control: a client is far behind. */
  paused: boolean;
}

/**
 * The terminal WebSocket protocol. Binary frames carry terminal bytes, both
 * ways, unchanged. Text frames carry one JSON control message each. Plain
 * types and constants only: the page imports this, and zod (the server's
 * validator, control-message.ts) stays out of its bundle.
 */

export const TERMINAL_LIMITS = {
  MIN_COLS: 2,
  MAX_COLS: 500,
  MIN_ROWS: 1,
  MAX_ROWS: 200,
  /** No client can have more than this outstanding: anything larger is a bug or an attack. */
  MAX_ACK_BYTES: 64 * 1024 * 1024,
} as const;

/** Messages a client sends as text frames (validated by control-message.ts on the server). */
export type ClientMessage =
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ack'; bytes: number };

export type TerminalRole = 'owner' | 'watcher';

/** Messages the server sends as text frames. */
export type ServerMessage =
  /** First message on every socket: who you are and the terminal size. The
   * screen replay (binary) follows, then live output. */
  | { type: 'hello'; role: TerminalRole; cols: number; rows: number }
  /** The shell ended; the session is gone. */
  | { type: 'exit'; code: number | null; signal: number | null }
  /** A control message was rejected; the socket stays open. */
  | { type: 'error'; code: string; message: string }
  /** The server is shutting down; the session will end. */
  | { type: 'shutdown'; message: string }
  /** To watchers: the owner resized the terminal (a shadow or broadcast view follows the size it is drawn at). */
  | { type: 'resize'; cols: number; rows: number };

/**
 * WebSocket close codes (4000–4999 are for applications). Each says what
 * happened so a client can tell the learner what to do.
 */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  SESSION_ENDED: 4000,
  SESSION_NOT_FOUND: 4004,
  BAD_MESSAGE: 4400,
  TOO_SLOW: 4408,
  TOO_MANY_SOCKETS: 4429,
  SERVER_ERROR: 4500,
} as const;

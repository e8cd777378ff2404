/**
 * The terminal WebSocket protocol. Binary frames carry terminal bytes, both
 * ways, unchanged. Text frames carry one JSON control message each, validated
 * here on whichever side receives it.
 */
import { z } from 'zod';

export const TERMINAL_LIMITS = {
  MIN_COLS: 2,
  MAX_COLS: 500,
  MIN_ROWS: 1,
  MAX_ROWS: 200,
  /** No client can have more than this outstanding: anything larger is a bug or an attack. */
  MAX_ACK_BYTES: 64 * 1024 * 1024,
} as const;

export const ResizeMessage = z.object({
  type: z.literal('resize'),
  cols: z.number().int().min(TERMINAL_LIMITS.MIN_COLS).max(TERMINAL_LIMITS.MAX_COLS),
  rows: z.number().int().min(TERMINAL_LIMITS.MIN_ROWS).max(TERMINAL_LIMITS.MAX_ROWS),
}).strict();

export const AckMessage = z.object({
  type: z.literal('ack'),
  bytes: z.number().int().positive().max(TERMINAL_LIMITS.MAX_ACK_BYTES),
}).strict();

export const ClientMessage = z.discriminatedUnion('type', [ResizeMessage, AckMessage]);
export type ClientMessage = z.infer<typeof ClientMessage>;

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
  | { type: 'shutdown'; message: string };

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

/** Parse a text frame; never throws. */
export function parseClientMessage(text: string):
  | { ok: true; message: ClientMessage }
  | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'control message is not valid JSON' };
  }
  const result = ClientMessage.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `invalid control message: ${where}${issue?.message ?? 'unknown'}` };
  }
  return { ok: true, message: result.data };
}

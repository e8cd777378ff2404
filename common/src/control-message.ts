/**
 * Validation of the client's control messages (the server's side of
 * protocol.ts). Kept apart so the browser bundle needs no zod.
 */
import { z } from 'zod';
import { TERMINAL_LIMITS, type ClientMessage } from './protocol.js';

export const ResizeMessage = z.object({
  type: z.literal('resize'),
  cols: z.number().int().min(TERMINAL_LIMITS.MIN_COLS).max(TERMINAL_LIMITS.MAX_COLS),
  rows: z.number().int().min(TERMINAL_LIMITS.MIN_ROWS).max(TERMINAL_LIMITS.MAX_ROWS),
}).strict();

export const AckMessage = z.object({
  type: z.literal('ack'),
  bytes: z.number().int().positive().max(TERMINAL_LIMITS.MAX_ACK_BYTES),
}).strict();

const ClientMessageSchema = z.discriminatedUnion('type', [ResizeMessage, AckMessage]);
// Fails to compile if the schema and the plain type in protocol.ts drift apart.
const sameShape: z.ZodType<ClientMessage> = ClientMessageSchema;
void sameShape;

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
  const result = ClientMessageSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `invalid control message: ${where}${issue?.message ?? 'unknown'}` };
  }
  return { ok: true, message: result.data };
}

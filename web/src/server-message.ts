/**
 * Reads the server's text frames. The protocol module defines their shapes
 * as types only (the server validates what it receives, not what it sends),
 * so the page checks each field it relies on and drops anything else.
 */
import type { ServerMessage } from '../../common/src/protocol.js';

export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'hello':
      return (message.role === 'owner' || message.role === 'watcher') && isCount(message.cols) && isCount(message.rows)
        ? { type: 'hello', role: message.role, cols: message.cols, rows: message.rows }
        : null;
    case 'exit':
      return { type: 'exit', code: numberOrNull(message.code), signal: numberOrNull(message.signal) };
    case 'error':
      return { type: 'error', code: String(message.code ?? 'unknown'), message: String(message.message ?? '') };
    case 'shutdown':
      return { type: 'shutdown', message: String(message.message ?? 'The server is shutting down.') };
    case 'resize':
      return isCount(message.cols) && isCount(message.rows) ? { type: 'resize', cols: message.cols, rows: message.rows } : null;
    default:
      return null;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/**
 * What the session layer needs from one attached terminal socket. The WS
 * layer implements it; sessions never import `ws` (and tests can attach
 * without a network).
 */
import type { ServerMessage, TerminalRole } from '../../../common/src/protocol.js';

export interface TerminalPeer {
  readonly role: TerminalRole;
  sendBinary(data: Uint8Array): void;
  sendJson(message: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Stop reading input from this peer until resumeInput (input backpressure). */
  pauseInput(): void;
  resumeInput(): void;
}

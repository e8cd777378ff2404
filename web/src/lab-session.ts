/**
 * The learner's session for one lab: re-attach to the remembered one or start
 * a new one, keep the terminal connected, restart on request. Leaving the lab
 * only detaches; the server reaps sessions nobody comes back to.
 */
import type { Terminal } from '@xterm/xterm';
import { terminalPath } from '../../common/src/api.js';
import type { SyslabApi } from './api-client.js';
import { ApiRequestError } from './api-client.js';
import type { Disposable } from './disposable-store.js';
import type { SessionStore } from './session-store.js';
import type { ConnectionState } from './terminal-connection.js';
import { TerminalConnection } from './terminal-connection.js';

export type SessionStatus =
  | ConnectionState
  | { kind: 'starting' }
  /** `retryable`: false when trying again cannot help (no such lab). */
  | { kind: 'start-failed'; message: string; retryable: boolean };

export interface LabSessionOptions {
  labId: string;
  terminal: Terminal;
  api: SyslabApi;
  store: SessionStore;
  onStatus(status: SessionStatus): void;
  /**
   * The session whose terminal is attached and connected, once its first
   * `hello` arrives; null when it is left (restart, ended). The guide talks to
   * this one: a remembered id may turn out to be gone, so it waits for proof.
   */
  onLiveSession?(sessionId: string | null): void;
}

export function terminalUrl(sessionId: string, page: Location = location): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${terminalPath(sessionId)}`;
}

export class LabSession implements Disposable {
  private connection: TerminalConnection | null = null;
  private id: string | null = null;
  private restarting = false;
  private disposed = false;
  /** The id last reported through onLiveSession. */
  private live: string | null = null;

  constructor(private readonly options: LabSessionOptions) {}

  get sessionId(): string | null {
    return this.id;
  }

  async start(): Promise<void> {
    const remembered = this.options.store.get(this.options.labId);
    if (remembered) this.attach(remembered, { remembered: true });
    else await this.createAndAttach();
  }

  /** Types `text` into the shell; false when the terminal is not connected as its owner. */
  sendText(text: string): boolean {
    return this.connection?.sendText(text) ?? false;
  }

  /** Destroys the current sandbox and starts a fresh one. */
  async restart(): Promise<void> {
    if (this.restarting || this.disposed) return;
    this.restarting = true;
    try {
      const previous = this.id;
      this.detach();
      this.options.terminal.reset();
      this.options.onStatus({ kind: 'starting' });
      if (previous) {
        this.options.store.forget(this.options.labId);
        try {
          await this.options.api.destroySession(previous);
        } catch (error) {
          // Creating the new session is what the learner asked for; the old one
          // is reaped by the server when idle.
          console.warn('syslab: could not destroy the previous session', error);
        }
      }
      await this.createAndAttach();
    } finally {
      this.restarting = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.detach();
  }

  private async createAndAttach(): Promise<void> {
    this.options.onStatus({ kind: 'starting' });
    let sessionId: string;
    try {
      sessionId = (await this.options.api.createSession(this.options.labId)).id;
    } catch (error) {
      if (!this.disposed) this.options.onStatus({ kind: 'start-failed', message: messageOf(error), retryable: isRetryable(error) });
      return;
    }
    // Remember it even if the learner left meanwhile: coming back re-attaches.
    this.options.store.set(this.options.labId, sessionId);
    if (!this.disposed) this.attach(sessionId, { remembered: false });
  }

  private attach(sessionId: string, { remembered }: { remembered: boolean }): void {
    this.detach();
    this.id = sessionId;
    const connection = new TerminalConnection({
      url: terminalUrl(sessionId),
      terminal: this.options.terminal,
      lookupSession: () => this.options.api.lookupSession(sessionId),
      onState: (state) => this.handleConnectionState(connection, state, remembered),
    });
    this.connection = connection;
    connection.connect();
  }

  private handleConnectionState(connection: TerminalConnection, state: ConnectionState, remembered: boolean): void {
    if (connection !== this.connection || this.disposed) return;
    if (state.kind === 'connected') this.reportLive(this.id);
    if (state.kind === 'ended') {
      this.reportLive(null);
      this.options.store.forget(this.options.labId);
      if (!state.attached && remembered) {
        // The remembered session is gone (reaped, destroyed, server restarted):
        // the learner never saw it in this page, so quietly start a new one.
        this.detach();
        void this.createAndAttach();
        return;
      }
      if (!state.attached) {
        this.options.onStatus({
          kind: 'start-failed',
          message: 'The server created a session but refused its terminal connection.',
          retryable: true,
        });
        return;
      }
    }
    this.options.onStatus(state);
  }

  private detach(): void {
    this.connection?.dispose();
    this.connection = null;
    this.id = null;
    if (!this.disposed) this.reportLive(null);
  }

  private reportLive(sessionId: string | null): void {
    if (sessionId === this.live) return;
    this.live = sessionId;
    this.options.onLiveSession?.(sessionId);
  }
}

/** A 400 or 404 (no such lab) will fail the same way again; a 429, 503 or a
 * network failure may not. */
function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiRequestError && (error.status === 400 || error.status === 404));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

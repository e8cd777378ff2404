/**
 * Someone else's terminal, live: a learner's (shadowing) or the instructor's
 * (the broadcast). Drawn at the owner's size, read-only unless the socket
 * attached as an owner (the learner gave the instructor the keyboard).
 */
import type { ConnectionState } from '../terminal-connection.js';
import { TerminalConnection } from '../terminal-connection.js';
import type { Disposable } from '../disposable-store.js';
import { DisposableStore } from '../disposable-store.js';
import { TerminalView } from '../terminal-view.js';

export interface RemoteTerminalOptions {
  /** Path and query of the socket ("/api/workshops/…/terminal?mode=control"). */
  path: string;
  onState(state: ConnectionState): void;
}

export function socketUrl(path: string, page: Location = location): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${path}`;
}

export class RemoteTerminal implements Disposable {
  readonly view = new TerminalView({ remoteSize: true });
  private readonly disposables = new DisposableStore();
  private connection: TerminalConnection | null = null;

  constructor(private readonly options: RemoteTerminalOptions) {}

  activate(host: HTMLElement): void {
    this.view.activate(host);
    this.disposables.add(this.view);
    this.connect(this.options.path);
  }

  /** Switch to another socket on the same screen (read-only ↔ typing). */
  reconnect(path: string): void {
    this.connection?.dispose();
    this.connect(path);
  }

  focus(): void {
    this.view.focus();
  }

  dispose(): void {
    this.connection?.dispose();
    this.connection = null;
    this.disposables.dispose();
  }

  private connect(path: string): void {
    const connection = new TerminalConnection({
      url: socketUrl(path),
      terminal: this.view.terminal,
      // A refused upgrade (the learner's session ended, the broadcast stopped)
      // cannot be told apart from a network blip here; the page's event
      // stream says which, and replaces or removes this view.
      lookupSession: () => Promise.resolve('gone'),
      onState: (state) => this.options.onState(state),
      onRemoteSize: (cols, rows) => this.view.setRemoteSize(cols, rows),
    });
    this.connection = connection;
    connection.connect();
  }
}

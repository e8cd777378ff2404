/**
 * The instructor's own terminal while they share it with the room: an
 * ordinary owner terminal on their broadcast session (they type, learners
 * watch read-only).
 */
import { terminalPath } from '../../../common/src/api.js';
import type { SyslabApi } from '../api-client.js';
import type { Disposable } from '../disposable-store.js';
import { DisposableStore } from '../disposable-store.js';
import { TerminalConnection, type ConnectionState } from '../terminal-connection.js';
import { TerminalView } from '../terminal-view.js';
import { socketUrl } from './remote-terminal.js';

export class BroadcastConsole implements Disposable {
  readonly view = new TerminalView();
  private readonly disposables = new DisposableStore();

  constructor(private readonly sessionId: string, private readonly api: SyslabApi, private readonly onState: (s: ConnectionState) => void) {}

  activate(host: HTMLElement): void {
    this.view.activate(host);
    this.disposables.add(this.view);
    const connection = this.disposables.add(new TerminalConnection({
      url: socketUrl(terminalPath(this.sessionId)),
      terminal: this.view.terminal,
      lookupSession: () => this.api.lookupSession(this.sessionId),
      onState: this.onState,
    }));
    connection.connect();
    this.view.focus();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

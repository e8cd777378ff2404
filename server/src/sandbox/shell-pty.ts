/** The one way a sandbox's shell gets a host terminal: node-pty, after sealing the server's descriptors. */
import pty, { type IPty } from 'node-pty';
import type { SpawnCommand, TerminalExit, TerminalSize, TerminalStream } from './driver.js';
import { HeldOutput } from './held-output.js';
import { pendingInputBytes } from './pty-input.js';
import { sealInheritableFds } from './seal-fds.js';

export function spawnShellPty(cmd: SpawnCommand, size: TerminalSize): IPty {
  // Other sessions' pty masters lack FD_CLOEXEC (node-pty); without this the
  // new shell would inherit them and could read and type into those terminals.
  sealInheritableFds();
  return pty.spawn(cmd.file, cmd.args, {
    name: 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    env: cmd.env,
    // Raw bytes: invalid UTF-8 reaches the browser unchanged.
    encoding: null,
  } as pty.IPtyForkOptions);
}

/** A node-pty terminal as a TerminalStream. Listens from construction, so hold nothing back. */
export class PtyTerminal implements TerminalStream {
  readonly exited: Promise<TerminalExit>;
  private readonly output = new HeldOutput();

  constructor(readonly pty: IPty) {
    pty.onData((d) => this.output.push(d as unknown as Buffer));
    this.exited = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal }) => resolve({ code: exitCode, signal: signal ?? null }));
    });
  }

  onData(fn: (data: Buffer) => void) {
    return this.output.onData(fn);
  }

  write(data: Buffer) {
    this.pty.write(data as unknown as string);
  }

  pendingInputBytes() {
    return pendingInputBytes(this.pty);
  }

  resize(cols: number, rows: number) {
    this.pty.resize(cols, rows);
  }

  pause() {
    this.pty.pause();
  }

  resume() {
    this.pty.resume();
  }

  kill() {
    try { this.pty.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

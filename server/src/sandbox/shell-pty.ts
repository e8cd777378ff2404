/** The one way a sandbox's shell gets its terminal: node-pty, after sealing the server's descriptors. */
import pty, { type IPty } from 'node-pty';
import type { SpawnCommand } from './driver.js';
import { sealInheritableFds } from './seal-fds.js';

export function spawnShellPty(cmd: SpawnCommand, cols: number, rows: number): IPty {
  // Other sessions' pty masters lack FD_CLOEXEC (node-pty); without this the
  // new shell would inherit them and could read and type into those terminals.
  sealInheritableFds();
  return pty.spawn(cmd.file, cmd.args, {
    name: 'xterm-256color',
    cols,
    rows,
    env: cmd.env,
    // Raw bytes: invalid UTF-8 reaches the browser unchanged.
    encoding: null,
  } as pty.IPtyForkOptions);
}

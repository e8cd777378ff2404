/**
 * The floor: the same shell on a node-pty in the bench's own process, no
 * server, no socket, no sandbox. Whatever syslab adds on top is the
 * difference to this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty, { type IPty } from 'node-pty';
import type { TermLink } from './term-link.js';

export class PtyFloorLink implements TermLink {
  private readonly listeners = new Set<(chunk: Buffer) => void>();

  private constructor(private readonly term: IPty, private readonly home: string) {
    term.onData((d) => { for (const fn of this.listeners) fn(d as unknown as Buffer); });
  }

  /** bash with no start-up files and a plain prompt: readline echo as in the sandbox, nothing of the host's dotfiles. */
  static open(): PtyFloorLink {
    const home = mkdtempSync(path.join(os.tmpdir(), 'syslab-bench-floor-'));
    const term = pty.spawn('/bin/bash', ['--noprofile', '--norc'], {
      name: 'xterm-256color', cols: 80, rows: 24, cwd: home,
      env: { PATH: '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', PS1: '$ ' },
      encoding: null,
    } as pty.IPtyForkOptions);
    return new PtyFloorLink(term, home);
  }

  write(data: string): void {
    this.term.write(data);
  }

  onData(fn: (chunk: Buffer) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    try { this.term.kill('SIGKILL'); } catch { /* gone */ }
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Open descriptors as `find /proc/[0-9]*\/fd -printf '%h %f %M %Y %l\n'`
 * prints them: the fd's symlink permissions give the open mode (r-x read,
 * -wx write, rwx both) and %Y the type of what it points to.
 */
import type { IpcMode } from '../../../../common/src/inspect-api.js';

export interface FdLink {
  pid: number;
  fd: number;
  mode: IpcMode;
  /** p fifo or pipe, s socket, f regular file, c char device, d directory, U unknown (anon inode). */
  type: string;
  target: string;
}

const LINE = /^\/proc\/(\d+)\/fd (\d+) l([-r])([-w])[-x]\S* (\S) (.*)$/;

export function parseFdLinks(text: string): FdLink[] {
  const links: FdLink[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const read = m[3] === 'r';
    const write = m[4] === 'w';
    links.push({
      pid: Number(m[1]),
      fd: Number(m[2]),
      mode: read && write ? 'rw' : write ? 'w' : 'r',
      type: m[5]!,
      target: m[6]!,
    });
  }
  return links;
}

/** The inode of `pipe:[123]` / `socket:[123]`, or null. */
export function anonInode(target: string, kind: 'pipe' | 'socket'): string | null {
  const m = new RegExp(`^${kind}:\\[(\\d+)\\]$`).exec(target);
  return m ? m[1]! : null;
}

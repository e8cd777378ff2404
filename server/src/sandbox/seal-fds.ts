/**
 * Keeps the server's file descriptors out of sandboxes.
 *
 * node-pty opens each terminal's master (/dev/ptmx) without FD_CLOEXEC, and
 * a child inherits every descriptor that lacks it. Unsealed, the shell of
 * session B would hold session A's pty master (read A's screen, type into A's
 * shell), and so would every process `exec` starts. Marking every descriptor
 * above stderr close-on-exec just before we spawn anything that enters a
 * sandbox closes that door for descriptors we know of and ones we do not
 * (a parent's leaked pipe, a library's socket). Children still get their
 * stdio: dup2 onto 0–2 clears the flag.
 */
import { readdirSync } from 'node:fs';
import koffi from 'koffi';

const CLOSE_RANGE_CLOEXEC = 1 << 2;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

interface Libc {
  closeRange(first: number, last: number, flags: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
}

let libc: Libc | null = null;

function load(): Libc {
  if (libc) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    closeRange: lib.func('int close_range(unsigned int first, unsigned int last, int flags)'),
    fcntl: lib.func('int fcntl(int fd, int cmd, int arg)'),
  };
  return libc;
}

/** Marks every descriptor ≥ 3 close-on-exec. One system call (close_range, Linux 5.11+), else one per descriptor. */
export function sealInheritableFds(): void {
  const c = load();
  if (c.closeRange(3, 0xffffffff, CLOSE_RANGE_CLOEXEC) === 0) return;
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd > 2) c.fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
}

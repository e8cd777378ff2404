/**
 * The sandbox's seccomp filter, as a classic BPF program (the bytes bwrap's
 * `--seccomp FD` and seccomp(2) take). A denylist in the spirit of Docker's
 * default profile (moby/profiles `seccomp/default.json`): system calls no
 * lesson needs and that have been the way in for kernel exploits (keyrings,
 * BPF, userfaultfd, io_uring, perf events, module loading, the new mount
 * API) fail with EPERM. ptrace, process_vm_* and personality stay allowed —
 * strace, gdb and `setarch -R` are part of the lessons (Docker allows them
 * too on kernels ≥ 4.8, where ptrace can no longer bypass seccomp).
 *
 * A pure function of the list, so tests can pin it; bwrap-spec/bwrap-driver
 * load it. x86_64 only (the only architecture the server runs sandboxes on
 * today); other ABIs entering the kernel (i386 `int 0x80`, x32) get ENOSYS.
 */

/** x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl); a unit test checks them against the installed asm/unistd_64.h. */
export const DENIED_SYSCALLS: Readonly<Record<string, number>> = {
  // Kernel keyrings: a long line of local privilege escalations.
  add_key: 248, keyctl: 250, request_key: 249,
  // eBPF, userfaultfd, io_uring, perf events: the favourite primitives of recent kernel exploits.
  bpf: 321, userfaultfd: 323, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, perf_event_open: 298,
  // Namespaces and mounts: the sandbox already forbids them (no caps, --disable-userns); this removes the code paths.
  // setns stays allowed: exec loads this filter on the host side, before nsenter joins the sandbox (bwrap-spec.ts).
  unshare: 272, mount: 165, umount2: 166, pivot_root: 155,
  open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  name_to_handle_at: 303, open_by_handle_at: 304,
  // The machine's own state: clocks, modules, kexec, swap, reboot, accounting, quotas, I/O ports.
  clock_adjtime: 305, clock_settime: 227, settimeofday: 164,
  init_module: 175, finit_module: 313, delete_module: 176, create_module: 174, get_kernel_syms: 177, query_module: 178,
  kexec_load: 246, kexec_file_load: 320, reboot: 169, swapon: 167, swapoff: 168, acct: 163,
  quotactl: 179, quotactl_fd: 443, ioperm: 173, iopl: 172, vhangup: 153,
  // Obsolete calls nothing modern makes.
  uselib: 134, ustat: 136, sysfs: 139, _sysctl: 156, lookup_dcookie: 212, nfsservctl: 180,
};

// Classic BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
const BPF_LD_W_ABS = 0x20;
const BPF_JMP_JEQ_K = 0x15;
const BPF_JMP_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;
/** struct seccomp_data: int nr; __u32 arch; … */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const AUDIT_ARCH_X86_64 = 0xc000003e;
/** x32 system calls are x86_64 numbers with this bit set; the filter would otherwise let them past. */
const X32_SYSCALL_BIT = 0x40000000;

interface Instruction { code: number; jt: number; jf: number; k: number }

/** The filter program: struct sock_filter[] as bytes (8 per instruction, little-endian). */
export function denyFilterProgram(denied: Readonly<Record<string, number>> = DENIED_SYSCALLS): Buffer {
  const numbers = [...new Set(Object.values(denied))].sort((a, b) => a - b);
  // Layout: 0 ld arch · 1 jeq x86_64 · 2 ret ENOSYS · 3 ld nr · 4 jge x32 → ENOSYS
  // · one jeq per denied number → EPERM · ret ALLOW · ret EPERM · ret ENOSYS.
  const allowAt = 5 + numbers.length;
  const epermAt = allowAt + 1;
  const enosysAt = allowAt + 2;
  const program: Instruction[] = [
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_ARCH },
    { code: BPF_JMP_JEQ_K, jt: 1, jf: 0, k: AUDIT_ARCH_X86_64 },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | ENOSYS },
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_NR },
    { code: BPF_JMP_JGE_K, jt: jump(4, enosysAt), jf: 0, k: X32_SYSCALL_BIT },
    ...numbers.map((nr, i) => ({ code: BPF_JMP_JEQ_K, jt: jump(5 + i, epermAt), jf: 0, k: nr })),
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | ENOSYS },
  ];
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach((ins, i) => {
    bytes.writeUInt16LE(ins.code, i * 8);
    bytes.writeUInt8(ins.jt, i * 8 + 2);
    bytes.writeUInt8(ins.jf, i * 8 + 3);
    bytes.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return bytes;
}

/** Conditional jumps are relative to the next instruction and one byte wide. */
function jump(from: number, to: number): number {
  const offset = to - from - 1;
  if (offset < 0 || offset > 255) throw new Error(`seccomp filter too long: a jump of ${offset}`);
  return offset;
}

/**
 * The sandbox's seccomp filter, as a classic BPF program (the bytes bwrap's
 * `--seccomp FD` and seccomp(2) take), built from the drivers' one list of
 * denied calls (denied-syscalls.ts): those fail with EPERM.
 *
 * A pure function of the list, so tests can pin it; bwrap-spec/bwrap-driver
 * load it. x86_64 only (the only architecture the server runs sandboxes on
 * today); other ABIs entering the kernel (i386 `int 0x80`, x32) get ENOSYS.
 */
import { DENIED_SYSCALLS } from './denied-syscalls.js';

export { DENIED_SYSCALLS };

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

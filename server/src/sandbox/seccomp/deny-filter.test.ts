import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DENIED_SYSCALLS, denyFilterProgram } from './deny-filter.js';

const UNISTD_64 = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h'; // libc6-dev, in sandbox/packages.txt

/** A classic-BPF interpreter for the handful of opcodes a seccomp filter uses: the oracle for what the program decides. */
function run(program: Buffer, data: { nr: number; arch: number }): number {
  let acc = 0;
  for (let pc = 0; pc * 8 < program.length;) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    switch (code) {
      case 0x20: acc = k === 0 ? data.nr >>> 0 : k === 4 ? data.arch >>> 0 : NaN; pc++; break;
      case 0x15: pc += 1 + (acc === k ? jt : jf); break;
      case 0x35: pc += 1 + (acc >= k ? jt : jf); break;
      case 0x06: return k;
      default: throw new Error(`unexpected opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('fell off the end of the program');
}

const X86_64 = 0xc000003e;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const ENOSYS = 0x00050026;

describe('the seccomp deny filter', () => {
  const header = readFileSync(UNISTD_64, 'utf8');
  const nr = (name: string) => {
    const m = new RegExp(`#define __NR_${name}\\s+(\\d+)`).exec(header);
    if (!m) throw new Error(`${name} is not in ${UNISTD_64}`);
    return Number(m[1]);
  };

  it('names every system call by its real x86_64 number', () => {
    for (const [name, number] of Object.entries(DENIED_SYSCALLS)) expect(number, name).toBe(nr(name));
  });

  it('refuses every denied call with EPERM and allows what the lessons use (ptrace, personality, process_vm_readv, clone, read)', () => {
    const program = denyFilterProgram();
    for (const name of Object.keys(DENIED_SYSCALLS)) expect(run(program, { nr: nr(name), arch: X86_64 }), name).toBe(EPERM);
    for (const name of ['read', 'write', 'openat', 'clone', 'clone3', 'execve', 'ptrace', 'personality', 'process_vm_readv', 'wait4', 'kill', 'mmap', 'socket', 'shmget', 'mq_open', 'pipe2']) {
      expect(run(program, { nr: nr(name), arch: X86_64 }), name).toBe(ALLOW);
    }
  });

  it('closes the side doors: another architecture (i386 int 0x80) and the x32 ABI get ENOSYS', () => {
    const program = denyFilterProgram();
    expect(run(program, { nr: nr('keyctl'), arch: 0x40000003 })).toBe(ENOSYS);
    expect(run(program, { nr: 0x40000000 | nr('keyctl'), arch: X86_64 })).toBe(ENOSYS);
    expect(run(program, { nr: 0x40000000 | nr('read'), arch: X86_64 })).toBe(ENOSYS);
  });

  it('is a whole number of 8-byte instructions within the kernel\'s 4096-instruction limit', () => {
    const program = denyFilterProgram();
    expect(program.length % 8).toBe(0);
    expect(program.length / 8).toBeLessThan(4096);
  });
});

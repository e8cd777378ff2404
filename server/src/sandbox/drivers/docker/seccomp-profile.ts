/**
 * The syscall filter of a Docker sandbox, as data (given to the engine
 * inline in SecurityOpt). Not Docker's default profile: that one refuses
 * personality(ADDR_NO_RANDOMIZE), so `setarch -R` and gdb's "disable ASLR"
 * (the memory lab's ASLR step) fail under it.
 *
 * The sandbox already has no capability and no-new-privs, so every
 * privileged call (mount, module loading, clock setting, reboot…) fails by
 * itself; those are refused here as well, a second lock. What matters more
 * are the calls an unprivileged process CAN make that widen the kernel it
 * reaches: new user namespaces (and through them netfilter, mounts, …),
 * unprivileged BPF, perf, io_uring, userfaultfd, the kernel keyring (not
 * namespaced). ptrace of one's own processes stays allowed (strace, gdb):
 * the pid namespace means there is nothing else to attach to.
 */

import { DENIED_SYSCALLS } from '../../seccomp/denied-syscalls.js';

const EPERM = 1;
const ENOSYS = 38;

/**
 * Refused with EPERM whatever the arguments: every driver's list, plus what
 * only a container needs refused. setns and chroot: bubblewrap's exec joins
 * the sandbox with them (nsenter) after loading the filter; Docker's exec
 * never needs them inside. The
 * 32-bit names (umount, stime, the *64 clock calls): this profile also covers
 * the compat ABIs, where bubblewrap's filter refuses every call.
 */
export const DOCKER_DENIED_SYSCALLS = [
  ...Object.keys(DENIED_SYSCALLS),
  'setns', 'chroot', 'umount', 'stime', 'clock_settime64', 'clock_adjtime64',
] as const;

/** clone flags that make a namespace; clone with any of them set is refused. */
export const NAMESPACE_CLONE_FLAGS = {
  CLONE_NEWNS: 0x00020000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
} as const;

/** AF_VSOCK: a socket family that talks to the hypervisor, never to anything in a lab. */
const AF_VSOCK = 40;

interface SeccompRule {
  names: string[];
  action: 'SCMP_ACT_ERRNO';
  errnoRet: number;
  args?: { index: number; value: number; valueTwo: number; op: 'SCMP_CMP_MASKED_EQ' | 'SCMP_CMP_EQ' }[];
  comment?: string;
}

export interface SeccompProfile {
  defaultAction: 'SCMP_ACT_ALLOW';
  /** Native and compat ABIs, so the rules apply to 32-bit calls (int 0x80) too. */
  architectures: string[];
  syscalls: SeccompRule[];
}

export function sandboxSeccompProfile(): SeccompProfile {
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
    syscalls: [
      { names: [...DOCKER_DENIED_SYSCALLS], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
      // seccomp cannot read clone3's flags (they are in a struct): ENOSYS makes
      // glibc fall back to clone, whose flags the rules below can see.
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
      ...Object.entries(NAMESPACE_CLONE_FLAGS).map(([name, flag]): SeccompRule => ({
        names: ['clone'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EPERM,
        args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }],
        comment: name,
      })),
      {
        names: ['socket'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EPERM,
        args: [{ index: 0, value: AF_VSOCK, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
      },
    ],
  };
}

/**
 * The system calls no sandbox may make, for every driver: bubblewrap turns
 * this list into a BPF program (deny-filter.ts), Docker into a seccomp
 * profile (drivers/docker/seccomp-profile.ts). One list, so a call refused
 * under one driver is refused under the other; each driver adds only what its
 * own way of running sandboxes needs (listed there, with the reason).
 *
 * A denylist in the spirit of Docker's default profile (moby/profiles
 * `seccomp/default.json`): calls no lesson needs and that have been the way in
 * for kernel exploits. ptrace, process_vm_* and personality stay allowed —
 * strace, gdb and `setarch -R` are part of the lessons (Docker allows them
 * too on kernels ≥ 4.8, where ptrace can no longer bypass seccomp).
 */

/** Name → x86_64 number (arch/x86/entry/syscalls/syscall_64.tbl); a unit test checks them against the installed asm/unistd_64.h. */
export const DENIED_SYSCALLS: Readonly<Record<string, number>> = {
  // Kernel keyrings: a long line of local privilege escalations (and not namespaced).
  add_key: 248, keyctl: 250, request_key: 249,
  // eBPF, userfaultfd, io_uring, perf events: the favourite primitives of recent kernel exploits.
  bpf: 321, userfaultfd: 323, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, perf_event_open: 298,
  // Namespaces and mounts: the sandbox's view of the system is fixed (no caps, no user namespaces); this removes the code paths.
  // setns and chroot are not here: bubblewrap's exec loads the filter on the host side, then nsenter joins
  // the sandbox with them (--root is a chroot).
  unshare: 272, mount: 165, umount2: 166, pivot_root: 155,
  open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  name_to_handle_at: 303, open_by_handle_at: 304, fanotify_init: 300,
  // The machine's own state: clocks, modules, kexec, swap, reboot, accounting, quotas, I/O ports, the kernel log.
  clock_adjtime: 305, clock_settime: 227, settimeofday: 164,
  init_module: 175, finit_module: 313, delete_module: 176, create_module: 174, get_kernel_syms: 177, query_module: 178,
  kexec_load: 246, kexec_file_load: 320, reboot: 169, swapon: 167, swapoff: 168, acct: 163,
  quotactl: 179, quotactl_fd: 443, ioperm: 173, iopl: 172, vhangup: 153, syslog: 103,
  // Obsolete calls nothing modern makes.
  uselib: 134, ustat: 136, sysfs: 139, _sysctl: 156, lookup_dcookie: 212, nfsservctl: 180,
};

#!/bin/sh
# Done when ~/start-dynamic.trace is a full strace of the dynamic hello
# (libc.so.6 opened and mapped, arch_prctl, the write, exit_group) and
# ~/start-static.trace one of hello-static (no libc.so.6 opened, but
# arch_prctl, the write and exit_group) with fewer calls.
h=${HOME:-/home/learner}
d="$h/start-dynamic.trace"; s="$h/start-static.trace"
# Which parts of the start-up the trace $1 of program $2 holds, as
# "execve libc exec_map fs write exit lines".
parts() { awk -v prog="$2" '
  /^([0-9]+ +)?execve\(/ && !ex { p = $0; sub(/^[^"]*"/, "", p); sub(/".*/, "", p); n = split(p, a, "/"); if (a[n] == prog) ex = 1; else ex = -1 }
  /^([0-9]+ +)?openat\(.*libc\.so\.6", .*= [0-9]+$/ { libc = 1 }
  /^([0-9]+ +)?mmap\(.*PROT_READ\|PROT_EXEC.*, [0-9]+, 0x[0-9a-f]+\) += 0x/ { map = 1 }
  /^([0-9]+ +)?arch_prctl\(ARCH_SET_FS, / { fs = 1 }
  /^([0-9]+ +)?write\(1, "hello, kernel\\n", 14\) += 14/ { w = 1 }
  /^([0-9]+ +)?exit_group\(0\)/ { x = 1 }
  { lines++ }
  END { print ex + 0, libc + 0, map + 0, fs + 0, w + 0, x + 0, lines + 0 }' "$1"; }
if [ ! -s "$d" ]; then
  echo "There is no ~/start-dynamic.trace yet: run strace -o ~/start-dynamic.trace ./hello"
  exit 1
fi
set -- $(parts "$d" hello)
dl=$7
if [ "$1" != 1 ]; then
  echo "~/start-dynamic.trace does not start with the execve of ./hello (the dynamically linked one): trace it with no -e filter, strace -o ~/start-dynamic.trace ./hello"
  exit 1
fi
if [ "$2" != 1 ] || [ "$3" != 1 ] || [ "$4" != 1 ] || [ "$5" != 1 ] || [ "$6" != 1 ]; then
  echo "~/start-dynamic.trace lacks part of the start-up (libc.so.6 opened and mapped, arch_prctl, the write, exit_group): trace every call, with no -e filter, strace -o ~/start-dynamic.trace ./hello"
  exit 1
fi
if [ ! -s "$s" ]; then
  echo "start-dynamic.trace is good. Now the static build: gcc -static -o hello-static hello.c, then strace -o ~/start-static.trace ./hello-static"
  exit 1
fi
set -- $(parts "$s" hello-static)
if [ "$1" != 1 ]; then
  echo "~/start-static.trace does not start with the execve of ./hello-static: build it with gcc -static -o hello-static hello.c, then trace it with no -e filter, strace -o ~/start-static.trace ./hello-static"
  exit 1
fi
if [ "$2" = 1 ]; then
  echo "The hello-static in ~/start-static.trace opened libc.so.6, so it is not static: rebuild it with gcc -static -o hello-static hello.c and trace it again."
  exit 1
fi
if [ "$4" != 1 ] || [ "$5" != 1 ] || [ "$6" != 1 ]; then
  echo "~/start-static.trace lacks part of the run (arch_prctl, the write, exit_group): trace every call, with no -e filter, strace -o ~/start-static.trace ./hello-static"
  exit 1
fi
if [ "$7" -ge "$dl" ]; then
  echo "~/start-static.trace has $7 lines, not fewer than the $dl of start-dynamic.trace: trace both the same way, strace -o FILE ./PROGRAM"
  exit 1
fi
exit 0

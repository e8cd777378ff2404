#!/bin/sh
# Done when ~/raw.txt is raw's report (libc write: -1 with errno 9; the bare
# syscall instruction: -9 with errno 0) and ~/raw.trace a strace showing the
# three writes to fd 42 failing with EBADF and the three to fd 1 succeeding.
h=${HOME:-/home/learner}
out="$h/raw.txt"; t="$h/raw.trace"
if [ ! -s "$out" ]; then
  echo "There is no ~/raw.txt yet: compile raw.c (gcc -o raw raw.c), then ./raw | tee ~/raw.txt"
  exit 1
fi
# "<how> fd 42 returned <ret> errno <errno> ..."; how is one or two words.
get() { awk -v how="$1" '
  index($0, how " ") == 1 && / fd 42 / {
    for (i = 1; i <= NF; i++) { if ($i == "returned") r = $(i + 1); if ($i == "errno") e = $(i + 1) }
    print r, e; exit
  }' "$out"; }
set -- $(get "write()")
if [ "$1" != -1 ] || [ "$2" != 9 ]; then
  echo "~/raw.txt does not hold raw's report on write() to fd 42 (-1, errno 9): run the unchanged program, ./raw | tee ~/raw.txt"
  exit 1
fi
set -- $(get "syscall instruction")
if [ "$1" != -9 ]; then
  echo "~/raw.txt does not show the bare syscall instruction returning -9 for fd 42: run the unchanged program, ./raw | tee ~/raw.txt"
  exit 1
fi
if [ ! -s "$t" ]; then
  echo "raw.txt is good. Now what the kernel saw: strace -o ~/raw.trace -e trace=write ./raw > /dev/null"
  exit 1
fi
bad=$(grep -Ec '^([0-9]+ +)?write\(42, .*= -1 EBADF' "$t")
good=$(grep -Ec '^([0-9]+ +)?write\(1, "[123]\. hello' "$t")
if [ "$bad" -lt 3 ] || [ "$good" -lt 3 ]; then
  echo "~/raw.trace shows $good good writes and $bad to fd 42 failing with EBADF, not 3 of each: trace all of raw's writes, strace -o ~/raw.trace -e trace=write ./raw > /dev/null"
  exit 1
fi
exit 0

#!/bin/sh
# Done when ~/copy-1.count and ~/copy-64k.count are strace -c tables of copy
# on the same input: thousands of reads with 1-byte buffers, a handful with
# 64 KiB, and as many writes as reads minus two (the loader's read and EOF).
h=${HOME:-/home/learner}
one="$h/copy-1.count"; big="$h/copy-64k.count"
# calls of $2 in the strace -c table $1 (0 if absent); calls is column 4.
calls() { awk -v n="$2" '$NF == n && $4 ~ /^[0-9]+$/ {print $4; f = 1; exit} END {if (!f) print 0}' "$1" 2>/dev/null || echo 0; }
if [ ! -s "$one" ]; then
  echo "There is no ~/copy-1.count yet: compile copy.c (gcc -o copy copy.c), then strace -c -o ~/copy-1.count ./copy 1 < /usr/include/stdio.h > /dev/null"
  exit 1
fi
if ! grep -q '^% time' "$one"; then
  echo "~/copy-1.count is not an strace -c table: run strace -c -o ~/copy-1.count ./copy 1 < /usr/include/stdio.h > /dev/null (with -c)"
  exit 1
fi
r1=$(calls "$one" read); w1=$(calls "$one" write)
if [ "$r1" -lt 1000 ]; then
  echo "~/copy-1.count shows only $r1 reads: copy with a 1-byte buffer, ./copy 1, on a file of a few KB or more such as /usr/include/stdio.h"
  exit 1
fi
if [ "$w1" -eq 0 ]; then
  echo "~/copy-1.count counts no write: count every call of copy, with no -e filter: strace -c -o ~/copy-1.count ./copy 1 < /usr/include/stdio.h > /dev/null"
  exit 1
fi
if [ "$w1" -lt $((r1 - 2)) ]; then
  echo "~/copy-1.count shows $r1 reads but only $w1 writes: did copy fail to write? Send its output to /dev/null: strace -c -o ~/copy-1.count ./copy 1 < /usr/include/stdio.h > /dev/null"
  exit 1
fi
if [ ! -s "$big" ] || ! grep -q '^% time' "$big"; then
  echo "copy-1.count is good ($r1 reads). Now with a big buffer: strace -c -o ~/copy-64k.count ./copy 65536 < /usr/include/stdio.h > /dev/null"
  exit 1
fi
r2=$(calls "$big" read); w2=$(calls "$big" write)
if [ "$w2" -lt 1 ]; then
  echo "~/copy-64k.count shows no write: copy the same file, strace -c -o ~/copy-64k.count ./copy 65536 < /usr/include/stdio.h > /dev/null"
  exit 1
fi
if [ "$r2" -gt 20 ]; then
  echo "~/copy-64k.count shows $r2 reads: give copy a big buffer, ./copy 65536, so that a few reads take the whole file."
  exit 1
fi
exit 0

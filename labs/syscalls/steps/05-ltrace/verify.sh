#!/bin/sh
# Done when ~/lines.ltrace is an ltrace -c table of lines with many fgets,
# ~/lines.strace an strace -c table with far fewer reads, and
# ~/blind.ltrace an ltrace -c table whose total is 0 calls.
h=${HOME:-/home/learner}
lt="$h/lines.ltrace"; st="$h/lines.strace"; bl="$h/blind.ltrace"
# calls of $2 in the -c table $1 (0 if absent); the name is the last column,
# calls the fourth (ltrace and strace alike).
calls() { awk -v n="$2" '$NF == n && $4 ~ /^[0-9]+$/ {print $4; f = 1; exit} END {if (!f) print 0}' "$1" 2>/dev/null || echo 0; }
if [ ! -s "$lt" ]; then
  echo "There is no ~/lines.ltrace yet: compile lines.c (gcc -o lines lines.c), then ltrace -c -o ~/lines.ltrace ./lines /usr/include/stdio.h"
  exit 1
fi
if ! grep -q '^% time' "$lt"; then
  echo "~/lines.ltrace is not an ltrace -c table (a count): run ltrace -c -o ~/lines.ltrace ./lines /usr/include/stdio.h"
  exit 1
fi
f=$(calls "$lt" fgets)
if [ "$f" -lt 100 ]; then
  echo "~/lines.ltrace shows $f calls of fgets: count the library calls of lines on a long file, ltrace -c -o ~/lines.ltrace ./lines /usr/include/stdio.h"
  exit 1
fi
if [ ! -s "$st" ] || ! grep -q '^% time' "$st"; then
  echo "Now count its system calls: strace -c -o ~/lines.strace ./lines /usr/include/stdio.h"
  exit 1
fi
r=$(calls "$st" read)
if [ "$r" -lt 2 ] || [ $((r * 10)) -gt "$f" ]; then
  echo "~/lines.strace shows $r reads against $f fgets in lines.ltrace: make both counts of the same run, ./lines /usr/include/stdio.h (strace -c -o ~/lines.strace ...)"
  exit 1
fi
if [ ! -s "$bl" ]; then
  echo "Now a program ltrace cannot see into: gcc -fno-plt -o lines-noplt lines.c, then ltrace -c -o ~/blind.ltrace ./lines-noplt /usr/include/stdio.h"
  exit 1
fi
total=$(awk '$NF == "total" {print $(NF - 1); exit}' "$bl")
case $total in
  0) exit 0 ;;
  '') echo "~/blind.ltrace is not an ltrace -c table: run ltrace -c -o ~/blind.ltrace ./lines-noplt /usr/include/stdio.h" ;;
  *) echo "ltrace saw $total calls in ~/blind.ltrace: trace the build without a PLT, gcc -fno-plt -o lines-noplt lines.c, then ltrace -c -o ~/blind.ltrace ./lines-noplt /usr/include/stdio.h" ;;
esac
exit 1

#!/bin/sh
# Done when ~/bench.txt holds bench's three ns/call figures, all positive,
# the vDSO clock_gettime cheaper than syscall(SYS_clock_gettime), and
# ~/bench.count an strace -c of bench in which clock_gettime was counted as
# often as getppid (only the forced calls: the vDSO ones never trapped).
#
# Only the ordering of the two clock reads is checked, never a figure: they
# differ about tenfold, and bench keeps the best of five rounds, so a busy
# machine moves both but does not swap them.
h=${HOME:-/home/learner}
b="$h/bench.txt"; c="$h/bench.count"
if [ ! -s "$b" ]; then
  echo "There is no ~/bench.txt yet: compile bench.c (gcc -O2 -o bench bench.c), then ./bench | tee ~/bench.txt"
  exit 1
fi
# The ns/call figure of the line whose first word is $1.
ns() { awk -v k="$1" '$1 == k { for (i = 2; i <= NF; i++) if ($i == "ns/call") { print $(i - 1); exit } }' "$b"; }
g=$(ns 'getppid()'); s=$(ns 'syscall(SYS_clock_gettime)'); v=$(ns 'clock_gettime()')
if [ -z "$g" ] || [ -z "$s" ] || [ -z "$v" ]; then
  echo "~/bench.txt lacks some of bench's three ns/call lines: run the unchanged program to the end, ./bench | tee ~/bench.txt"
  exit 1
fi
res=$(awk -v g="$g" -v s="$s" -v v="$v" 'BEGIN {
  if (g + 0 <= 0 || s + 0 <= 0 || v + 0 <= 0) print "zero"
  else if (v + 0 >= s + 0) print "order"
  else print "ok" }')
case $res in
  zero) echo "~/bench.txt has a figure of 0 ns/call: run bench with enough calls to time, ./bench | tee ~/bench.txt (default: a million)"; exit 1 ;;
  order) echo "In ~/bench.txt the vDSO clock_gettime ($v ns) is not faster than the system call ($s ns): run ./bench | tee ~/bench.txt again, outside strace and with the default count."; exit 1 ;;
esac
if [ ! -s "$c" ] || ! grep -q '^% time' "$c"; then
  echo "bench.txt is good. Now count its system calls: strace -c -o ~/bench.count ./bench 1000"
  exit 1
fi
calls() { awk -v n="$1" '$NF == n && $4 ~ /^[0-9]+$/ {print $4; f = 1; exit} END {if (!f) print 0}' "$c"; }
gp=$(calls getppid); cg=$(calls clock_gettime)
if [ "$gp" -lt 1 ]; then
  echo "~/bench.count has no getppid: count every call of bench, strace -c -o ~/bench.count ./bench 1000 (no -e filter)"
  exit 1
fi
if [ "$cg" -lt "$gp" ]; then
  echo "~/bench.count shows $gp getppid but only $cg clock_gettime: count every call of bench, strace -c -o ~/bench.count ./bench 1000 (no -e filter)"
  exit 1
fi
if [ "$cg" -ge $((gp * 2)) ]; then
  echo "strace counted $cg clock_gettime for $gp getppid in ~/bench.count: the vDSO calls made system calls too, so this machine's vDSO falls back to the kernel (its clock source cannot be read from user space)."
  exit 1
fi
exit 0

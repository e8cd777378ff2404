#!/bin/sh
# Done when ~/stack-status.txt holds 139 (SIGSEGV) and ~/stack-big.txt shows
# recurse with a larger stack limit reaching a clearly greater depth than in
# ~/stack-small.txt.
h=${HOME:-/home/learner}
small="$h/stack-small.txt"; big="$h/stack-big.txt"; st="$h/stack-status.txt"
limit() { awk '$1 == "stack" && $2 == "limit" {print ($3 == "unlimited" ? -1 : $3); exit}' "$1" 2>/dev/null; }
depth() { awk '$1 == "depth" {d = $2 + 0} END {print d + 0}' "$1" 2>/dev/null || echo 0; }
if [ ! -s "$small" ] || [ ! -s "$st" ]; then
  echo "Compile recurse.c (gcc -O0 -o recurse recurse.c), then run ./recurse > ~/stack-small.txt; echo \$? | tee ~/stack-status.txt"
  exit 1
fi
s=$(tr -cd '0-9\n' < "$st" | grep . | tail -n 1)
if [ "$s" != 139 ]; then
  echo "~/stack-status.txt says '$s', not 139 (128 + SIGSEGV): run ./recurse > ~/stack-small.txt; echo \$? | tee ~/stack-status.txt, with echo \$? right after it."
  exit 1
fi
if [ ! -s "$big" ]; then
  echo "Now give it more stack, in a subshell: (ulimit -s 65536; ./recurse > ~/stack-big.txt)"
  exit 1
fi
ls=$(limit "$small"); lb=$(limit "$big"); ds=$(depth "$small"); db=$(depth "$big")
if [ -z "$ls" ] || [ -z "$lb" ]; then
  echo "~/stack-small.txt or ~/stack-big.txt does not start with recurse's 'stack limit' line: make both with ./recurse > FILE."
  exit 1
fi
if [ "$lb" = -1 ] || [ "$ls" = -1 ]; then
  echo "One of the runs had an unlimited stack: use a number, (ulimit -s 65536; ./recurse > ~/stack-big.txt), and keep 8192 for stack-small.txt."
  exit 1
fi
if [ "$lb" -le "$ls" ]; then
  echo "~/stack-big.txt was made with a stack limit of $lb KiB, not more than the $ls KiB of stack-small.txt: run (ulimit -s 65536; ./recurse > ~/stack-big.txt)"
  exit 1
fi
if [ "$ds" -lt 1000 ] || [ "$db" -lt $((ds * 2)) ]; then
  echo "recurse reached depth $ds with $ls KiB and $db with $lb KiB: run both again so each goes until it crashes."
  exit 1
fi
exit 0

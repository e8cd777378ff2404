#!/bin/sh
# Done when a blocker has SIGTERM (bit 14, 0x4000) pending in ShdPnd or SigPnd,
# or logged that it found SIGTERM pending when it unblocked it.
home="${HOME:-/home/learner}"
grep -q 'SIGTERM is pending' "$home/blocker.log" 2>/dev/null && exit 0
hint=""
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = blocker ] || continue
  st=$(awk '/^State:/ {s = $2} /^SigPnd:/ {p = $2} /^ShdPnd:/ {q = $2} END {print s, p, q}' "$dir/status" 2>/dev/null) || continue
  set -- $st
  [ "$1" = Z ] && continue
  p=${2#????????????}; q=${3#????????????}
  if [ $(( (0x$p | 0x$q) & 0x4000 )) -ne 0 ]; then
    exit 0
  fi
  hint="blocker (PID ${dir#/proc/}) has SIGTERM blocked but nothing pending yet: send it SIGTERM with kill ${dir#/proc/}, then grep Pnd /proc/${dir#/proc/}/status."
done
if [ -z "$hint" ]; then
  if grep -q 'nothing pending' "$home/blocker.log" 2>/dev/null; then
    hint="blocker was unblocked before any SIGTERM arrived: start ./blocker & again and send kill PID before kill -USR1 PID."
  elif [ ! -x "$home/blocker" ]; then
    hint="Compile and start the demo: gcc -o blocker blocker.c, then ./blocker &"
  else
    hint="No blocker is running: start ./blocker &, then send it SIGTERM with kill \$!"
  fi
fi
echo "$hint"
exit 1

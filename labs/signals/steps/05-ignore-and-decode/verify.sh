#!/bin/sh
# Done when a sleep runs with SIGTERM (15, bit 14 = 0x4000) in its SigIgn mask.
hint=""
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = sleep ] || continue
  st=$(awk '/^State:/ {print $2} /^SigIgn:/ {print $2}' "$dir/status" 2>/dev/null) || continue
  set -- $st
  [ "$1" = Z ] && continue
  mask=$2
  # The low 16 bits are enough for signal 15, and stay clear of overflow.
  low=${mask#????????????}
  if [ $(( 0x$low & 0x4000 )) -ne 0 ]; then
    exit 0
  fi
  hint="The sleep with PID ${dir#/proc/} does not ignore SIGTERM (SigIgn $mask has bit 14 clear): start one with (trap '' TERM; exec sleep 1000) &"
done
[ -n "$hint" ] || hint="No sleep is running: start one that ignores SIGTERM with (trap '' TERM; exec sleep 1000) &"
echo "$hint"
exit 1

#!/bin/sh
# Done when a pages process (not a zombie) has VmRSS >= 128 MiB (allowing a
# little slack) while VmSize stays above 256 MiB: touched, not just reserved.
hint="No pages process is running: compile pages.c (gcc -o pages pages.c) and start it with ./pages &"
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = pages ] || continue
  set -- $(awk '/^State:/ {s = $2} /^VmSize:/ {v = $2} /^VmRSS:/ {r = $2} END {print s, v + 0, r + 0}' "$dir/status" 2>/dev/null)
  case $1 in Z|'') continue ;; T) hint="pages (PID ${dir#/proc/}) is stopped: run bg, or kill -CONT ${dir#/proc/}, so it can touch its pages."; continue ;; esac
  if [ "$2" -ge 262144 ] && [ "$3" -ge 125000 ]; then
    exit 0
  fi
  hint="pages (PID ${dir#/proc/}) has VmSize $2 kB but only VmRSS $3 kB: touch 128 MiB of it with kill -USR1 ${dir#/proc/}, twice."
done
echo "$hint"
exit 1

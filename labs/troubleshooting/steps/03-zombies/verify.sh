#!/bin/sh
# Done when no process is a zombie (state Z) and batchd runs again with
# SIGCHLD unblocked, so its handler can reap: SigBlk in /proc/PID/status
# without bit 16 (signal 17, 0x10000). The buggy batchd blocks SIGCHLD after
# its first job, and a zombie appears within a second.
zombies=0
for d in /proc/[0-9]*; do
  s=$(cat "$d/stat" 2>/dev/null) || continue
  set -- ${s##*') '}
  [ "$1" = Z ] || continue
  zombies=$((zombies + 1))
done
batchd="" blocked=""
for p in $(pgrep -x batchd); do
  st=$(awk '/^State:/ { print $2 } /^SigBlk:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || continue
  set -- $st
  [ "$1" = Z ] && continue
  mask=${2#????????????}     # the low 16 hex digits hold signal 17 and stay clear of overflow
  if [ $(( 0x$mask & 0x10000 )) -ne 0 ]; then blocked="$blocked $p"; else batchd="$batchd $p"; fi
done
if [ $zombies -gt 0 ]; then
  echo "$zombies processes are zombies (state Z). A zombie cannot be killed: find their parent (the PPID column of ps -eo pid,ppid,stat,comm) and read its signal masks in /proc/PPID/status."
  exit 1
fi
if [ -n "$blocked" ]; then
  set -- $blocked
  echo "batchd (PID $1) still blocks SIGCHLD (see SigBlk in /proc/$1/status), so it will make zombies again: fix the sigprocmask line in batchd.c, make batchd, and start the new build."
  exit 1
fi
if [ -z "$batchd" ]; then
  echo "No zombies left: their parent died and PID 1 reaped them. But batchd is down, so no job runs: fix the bug in batchd.c, make batchd, and start ./batchd & again."
  exit 1
fi
exit 0

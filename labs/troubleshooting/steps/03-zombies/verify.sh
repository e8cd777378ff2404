#!/bin/sh
# Done when no process is a zombie (state Z) and batchd runs again, able to
# reap. The buggy batchd leaves SIGCHLD blocked after its first job: from then
# on /proc/PID/status shows it both blocked (SigBlk) and pending (ShdPnd),
# bit 16 (signal 17, 0x10000), and a zombie appears within a second.
#
# Everything is seen twice, a scan apart, so that a moment is not taken for a
# state: a child between its exit and its parent's waitpid() is a zombie for
# an instant, and the fixed batchd blocks SIGCHLD for an instant around each
# fork().
zombies_now() {
  for d in /proc/[0-9]*; do
    s=$(cat "$d/stat" 2>/dev/null) || continue
    set -- ${s##*') '}
    [ "$1" = Z ] && echo "${d#/proc/}"
  done
}
# batchd processes that are not zombies, each as PID:stuck (stuck = 1 when
# SIGCHLD is blocked and pending).
batchd_now() {
  for p in $(pgrep -x batchd); do
    st=$(awk '/^State:/ { print $2 } /^ShdPnd:/ { print $2 } /^SigBlk:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || continue
    set -- $st
    [ "$1" = Z ] && continue
    # The low 8 hex digits (32 bits) hold signal 17 and stay clear of overflow.
    pnd=${2#????????} blk=${3#????????}
    echo "$p:$(( (0x$pnd & 0x$blk & 0x10000) != 0 ))"
  done
}
first_zombies=$(zombies_now)
first_batchd=$(batchd_now)
zombies=0
for z in $first_zombies; do
  s=$(cat "/proc/$z/stat" 2>/dev/null) || continue
  set -- ${s##*') '}
  [ "$1" = Z ] && zombies=$((zombies + 1))
done
running="" stuck=""
for b in $(batchd_now); do
  case $b in
    *:0) running="$running ${b%:*}" ;;
    *:1) case " $first_batchd " in *" $b "*) stuck="$stuck ${b%:*}" ;; *) running="$running ${b%:*}" ;; esac ;;
  esac
done
if [ $zombies -gt 0 ]; then
  echo "$zombies processes are zombies (state Z). A zombie cannot be killed: find their parent (the PPID column of ps -eo pid,ppid,stat,comm) and read its signal masks in /proc/PPID/status."
  exit 1
fi
if [ -n "$stuck" ]; then
  set -- $stuck
  echo "batchd (PID $1) has SIGCHLD blocked and pending (SigBlk and ShdPnd in /proc/$1/status), so it will make zombies again: fix the sigprocmask line in batchd.c, make batchd, and start the new build."
  exit 1
fi
if [ -z "$running" ]; then
  echo "No zombies left: their parent died and PID 1 reaped them. But batchd is down, so no job runs: fix the bug in batchd.c, make batchd, and start ./batchd & again."
  exit 1
fi
exit 0

#!/bin/sh
# Done when ingestd is the same process the incident started (its PID, saved
# in ~/.incident/ingestd.pid, still names a live ingestd: it was not
# restarted) and /run has at least half of its space free again (statfs,
# through df). /run is a 16 MiB tmpfs that ingestd had filled.
home="${HOME:-/home/learner}"
pid=$(cat "$home/.incident/ingestd.pid" 2>/dev/null)
if [ -z "$pid" ]; then
  echo "The incident has not started: run incident disk"
  exit 1
fi
s=$(cat "/proc/$pid/stat" 2>/dev/null)
case $s in
  *"(ingestd) "[!Z]*) ;;
  *)
    now=$(pgrep -x ingestd | head -n 1)
    if [ -n "$now" ]; then
      echo "ingestd was restarted (it is PID $now now, it was $pid). That frees the space, but the ticket said to keep it running: run incident disk to start over, and free the space while ingestd keeps running."
    else
      echo "ingestd (PID $pid) is not running any more. Its death freed the space, but the ticket said to keep it running: run incident disk to start over."
    fi
    exit 1 ;;
esac
set -- ${s##*') '}
if [ "$1" = T ]; then
  echo "ingestd (PID $pid) is stopped (T): continue it with kill -CONT $pid."
  exit 1
fi
set -- $(df -P /run | awk 'NR == 2 { print $2, $4 }')
size=$1 avail=$2
if [ $((avail * 2)) -lt "$size" ]; then
  echo "/run has only $avail KiB free of $size. df counts what is allocated, du what has a name: compare them, then find who holds the space with lsof +L1."
  exit 1
fi
exit 0

#!/bin/sh
# Done when api-worker's master, the process the incident started, still runs
# (the API stayed up) and none of its workers burns CPU: none is running (R)
# or has used a second of CPU time (utime + stime in /proc/PID/stat). A
# healthy worker sleeps between requests and uses almost none.
home="${HOME:-/home/learner}"
master=$(cat "$home/.incident/api-worker.pid" 2>/dev/null)
if [ -z "$master" ]; then
  echo "The incident has not started: run incident cpu"
  exit 1
fi
s=$(cat "/proc/$master/stat" 2>/dev/null)
case $s in
  *"(api-worker) "[!Z]*) ;;
  *)
    echo "api-worker's master (PID $master) is gone, and the whole API with it. Run incident cpu to start over, and stop only the process that burns the CPU."
    exit 1 ;;
esac
set -- ${s##*') '}
if [ "$1" = T ]; then
  echo "api-worker's master (PID $master) is stopped (T): continue it with kill -CONT $master."
  exit 1
fi
workers=0
for d in /proc/[0-9]*; do
  s=$(cat "$d/stat" 2>/dev/null) || continue
  # After "(comm) ": 1 state, 2 ppid, ... 12 utime, 13 stime (clock ticks, 1/100 s).
  set -- ${s##*') '}
  [ "$2" = "$master" ] || continue
  [ "$1" = Z ] && continue   # just died: the master collects it and starts another
  pid=${d#/proc/}
  if [ "$1" = T ]; then
    echo "Worker PID $pid is stopped (T). That stops the burning, but it still holds its request and its slot: end it with kill $pid, and the master starts a fresh worker."
    exit 1
  fi
  if [ "$1" = R ] || [ $(( ${12} + ${13} )) -ge 100 ]; then
    echo "A process is still burning a CPU. Find it by CPU usage (top, then P; or ps -eo pid,ppid,pcpu,stat,args --sort=-pcpu) and end just that one."
    exit 1
  fi
  workers=$((workers + 1))
done
if [ $workers -eq 0 ]; then
  echo "api-worker's master (PID $master) has no workers at the moment: check again in a second, it starts new ones."
  exit 1
fi
exit 0

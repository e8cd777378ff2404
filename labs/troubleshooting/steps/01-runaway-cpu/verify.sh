#!/bin/sh
# Done when api-worker's master, the process the incident started, still runs
# (the API stayed up) and none of its workers burns CPU. "Burns" is measured
# over the worker's life, from /proc/PID/stat: at least 50 ms of CPU time
# (utime + stime) and at least 2% of the time since it started. The runaway
# is far above (100%, or its share of a busy machine), a healthy worker far
# below (it sleeps between requests: about 0.005%). Not the state: on a busy
# machine a healthy worker that just woke up can wait in state R for a while.
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
# Seconds since boot, with two decimals: in clock ticks (1/100 s) without the dot.
read -r up _ < /proc/uptime
now=$(echo "$up" | tr -d .)
workers=0
for d in /proc/[0-9]*; do
  s=$(cat "$d/stat" 2>/dev/null) || continue
  # After "(comm) ": 1 state, 2 ppid, ... 12 utime, 13 stime, ... 20 starttime
  # (clock ticks since boot).
  set -- ${s##*') '}
  [ "$2" = "$master" ] || continue
  [ "$1" = Z ] && continue   # just died: the master collects it and starts another
  pid=${d#/proc/}
  if [ "$1" = T ]; then
    echo "Worker PID $pid is stopped (T). That stops the burning, but it still holds its request and its slot: end it with kill $pid, and the master starts a fresh worker."
    exit 1
  fi
  cpu=$(( ${12} + ${13} ))
  age=$(( now - ${20} ))
  if [ $cpu -ge 5 ] && [ $(( cpu * 50 )) -ge $age ]; then
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

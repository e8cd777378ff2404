#!/bin/sh
# Done when the cached the incident started (PID in ~/.incident/cached.pid)
# is gone, and it was asked to stop with SIGTERM before it went: its own log
# says "cached PID: SIGTERM received" (only its handler writes that line).
# Gone after SIGTERM, whether it then drained and exited or was SIGKILLed.
# And no cache-warmer is left, the sidecar that ignores SIGTERM (its leftover
# `sleep` may outlive it for a few seconds; that is part of the lesson).
home="${HOME:-/home/learner}"
pid=$(cat "$home/.incident/cached.pid" 2>/dev/null)
if [ -z "$pid" ]; then
  echo "The incident has not started: run incident stop"
  exit 1
fi
termed=0
grep -q "cached $pid: SIGTERM received" "$home/cached.log" 2>/dev/null && termed=1
s=$(cat "/proc/$pid/stat" 2>/dev/null)
case $s in
  *"(cached) "[!Z]*)
    set -- ${s##*') '}
    if [ "$1" = T ]; then
      echo "cached (PID $pid) is stopped (T). A stopped process acts on SIGTERM only once it runs again (systemd sends SIGCONT right after SIGTERM for this): kill -CONT $pid"
    elif [ $termed = 1 ]; then
      echo "cached (PID $pid) got SIGTERM and is still there: its log says what it waits for, and ss -tnp shows who. A service manager waits TimeoutStopSec, then sends SIGKILL: kill -KILL $pid"
    else
      echo "cached (PID $pid) is still running. Stop it as a service manager would: first the signal it can catch, kill $pid, and read ~/cached.log."
    fi
    exit 1 ;;
esac
if [ $termed = 0 ]; then
  echo "cached (PID $pid) ended without a SIGTERM first (its log has no 'SIGTERM received'), so it had no chance to shut down cleanly. Run incident stop to start over, and send SIGTERM before SIGKILL."
  exit 1
fi
for w in $(pgrep -x cache-warmer); do
  s=$(cat "/proc/$w/stat" 2>/dev/null) || continue
  case $s in *") Z "*) continue ;; esac
  echo "cached is stopped. cache-warmer (PID $w) is still running, and kill does nothing to it: compare its SigIgn in /proc/$w/status with cached's SigCgt, then end it the only way left."
  exit 1
done
exit 0

#!/bin/sh
# Done when fortress has written its report (both EINVAL results) and no
# fortress is left alive: it ignores everything else, so it took a SIGKILL.
home="${HOME:-/home/learner}"
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = fortress ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  pid=${dir#/proc/}
  case $1 in
    Z) continue ;;
    T) echo "fortress (PID $pid) is stopped by SIGSTOP: try kill -CONT $pid, then end it for good with kill -KILL $pid."; exit 1 ;;
  esac
  echo "fortress is still running as PID $pid: try kill $pid and kill -INT $pid (ignored), then kill -KILL $pid."
  exit 1
done
r="$home/fortress.txt"
if grep -q 'sigaction(SIGKILL.*EINVAL' "$r" 2>/dev/null && grep -q 'sigaction(SIGSTOP.*EINVAL' "$r" 2>/dev/null; then
  exit 0
fi
if [ ! -x "$home/fortress" ]; then
  echo "Compile and start the demo: gcc -o fortress fortress.c, then ./fortress &"
else
  echo "Start ./fortress & and read its report: it needs to run (and write ~/fortress.txt) before you kill it."
fi
exit 1

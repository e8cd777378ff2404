#!/bin/sh
# Done when the server's own handler logged a graceful shutdown.
home="${HOME:-/home/learner}"
grep -q 'graceful shutdown complete' "$home/server.log" 2>/dev/null && exit 0
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = server ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  pid=${dir#/proc/}
  case $1 in
    Z) continue ;;
    T) echo "server (PID $pid) is stopped, so a SIGTERM would wait: run bg (or kill -CONT $pid), then kill $pid."; exit 1 ;;
  esac
  echo "server is running as PID $pid: send it SIGTERM with kill $pid, then cat ~/server.log."
  exit 1
done
if [ ! -x "$home/server" ]; then
  echo "Compile the server first: gcc -o server server.c, then start it with ./server &"
else
  echo "No server is running: start it with ./server & and then stop it with kill \$!"
fi
exit 1

#!/bin/sh
# Done when reaper logged that waitpid() collected its child.
home="${HOME:-/home/learner}"
grep -q 'reaped child' "$home/reaper.log" 2>/dev/null && exit 0
parent=""; child=""; cstate=""
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  case $comm in
    reaper) parent=${dir#/proc/} ;;
    reaper-child)
      stat=$(cat "$dir/stat" 2>/dev/null) || continue
      set -- ${stat##*') '}
      child=${dir#/proc/}; cstate=$1 ;;
  esac
done
if [ -n "$child" ] && [ "$cstate" = Z ]; then
  echo "reaper-child (PID $child) is a zombie now: make its parent reap it with kill -USR1 ${parent:-PARENT}."
elif [ -n "$child" ]; then
  echo "reaper-child (PID $child) is alive: end it with kill -KILL $child and watch it turn into a zombie (Z)."
elif [ -n "$parent" ]; then
  echo "reaper (PID $parent) has no child left: end it with kill $parent and start ./reaper & again."
elif [ ! -x "$home/reaper" ]; then
  echo "Compile and start the demo: gcc -o reaper reaper.c, then ./reaper &"
else
  echo "No reaper is running: start ./reaper &, then kill -KILL its child."
fi
exit 1

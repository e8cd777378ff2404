#!/bin/sh
# Done when a live process maps a POSIX shared memory object: a line of its
# /proc/PID/maps naming a file in /dev/shm (named semaphores, sem.*, aside).
objects=""
for f in /dev/shm/*; do
  [ -f "$f" ] || continue
  case ${f##*/} in sem.*) continue ;; esac
  objects="$objects ${f##*/}"
done
unlinked=""
for dir in /proc/[0-9]*; do
  maps=$(grep ' /dev/shm/' "$dir/maps" 2>/dev/null | grep -v ' /dev/shm/sem\.') || continue
  # An object still reachable by its name: passed.
  echo "$maps" | grep -qv '(deleted)$' && exit 0
  read -r comm 2>/dev/null < "$dir/comm"
  unlinked="$comm (PID ${dir#/proc/})"
done
if [ -n "$objects" ]; then
  set -- $objects
  echo "/dev/shm/$1 exists but no process maps it right now: run ./shm watch /$1 &"
elif [ -n "$unlinked" ]; then
  echo "$unlinked maps a shared memory object whose name was unlinked: make a new one with ./shm write /board hello, and map it with ./shm watch /board &"
else
  if [ -x "${HOME:-/home/learner}/shm" ]; then
    echo "/dev/shm is empty: create an object with ./shm write /board \"hello from shm\""
  else
    echo "Compile the demo and create an object: gcc -o shm shm.c, then ./shm write /board \"hello from shm\""
  fi
fi
exit 1

#!/bin/sh
# Done when an exporter has finished its 4 MiB batch: /proc/PID/io wchar (bytes
# its write() calls have written, the log lines included) has reached
# 4194304. Stuck, it stays near 64 KiB, the pipe's capacity.
batch=4194304
found=""
for p in $(pgrep -x exporter); do
  w=$(awk '/^wchar:/ { print $2 }' "/proc/$p/io" 2>/dev/null) || continue
  [ -n "$w" ] || continue
  [ "$w" -ge $batch ] && exit 0
  found="$p $w"
done
if [ -z "$found" ]; then
  echo "exporter is not running. If its reader died, its next write() raised SIGPIPE and killed it (status 141). Run incident pipe to start over, and bring the reader back instead."
  exit 1
fi
set -- $found
pid=$1 w=$2
pipe=$(readlink "/proc/$pid/fd/1" 2>/dev/null)
wchan=$(cat "/proc/$pid/wchan" 2>/dev/null)
s=$(cat "/proc/$pid/stat" 2>/dev/null)
set -- ${s##*') '}
# Asleep in write(2), system call 1 on x86-64 (the wchan's name varies with the kernel).
case $1/$(cut -d' ' -f1 "/proc/$pid/syscall" 2>/dev/null) in
  S/1)
    # Is a reader of that pipe stopped?
    for d in /proc/[0-9]*; do
      [ "${d#/proc/}" = "$pid" ] && continue
      [ "$(readlink "$d/fd/0" 2>/dev/null)" = "$pipe" ] || continue
      s=$(cat "$d/stat" 2>/dev/null) || continue
      set -- ${s##*') '}
      if [ "$1" = T ]; then
        echo "exporter (PID $pid) has written $w of $batch bytes and sleeps in $wchan: the pipe on its stdout ($pipe) is full. Who should read the other end, and what state is it in?"
        exit 1
      fi
    done
    echo "exporter (PID $pid) sleeps in $wchan after $w of $batch bytes: its pipe ($pipe) is full. Find the process that reads the other end (the same pipe:[…] in ls -l /proc/*/fd)."
    ;;
  *)
    echo "exporter (PID $pid) has written $w of $batch bytes so far: check again in a moment."
    ;;
esac
exit 1

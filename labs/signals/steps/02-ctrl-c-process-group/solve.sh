#!/bin/sh
# No terminal here, so do what the terminal driver does: signal the group.
cd "$HOME" || exit 1
[ -x family ] || gcc -o family family.c || exit 1
# setsid: family leads a process group of its own, and setsid execs it in
# place, so $! is the parent's PID and its PGID.
setsid ./family </dev/null >/dev/null 2>&1 &
pgid=$!
i=0
while [ "$(pgrep -c -g "$pgid" -x family)" -lt 3 ] && [ $i -lt 50 ]; do
  sleep 0.1; i=$((i + 1))
done
# (dash's kill takes a negative PID after the signal, but not "--")
kill -INT -"$pgid"
i=0
while n=$(grep -c 'got signal 2 ' family.log 2>/dev/null); [ "${n:-0}" -lt 3 ] && [ $i -lt 50 ]; do
  sleep 0.1; i=$((i + 1))
done

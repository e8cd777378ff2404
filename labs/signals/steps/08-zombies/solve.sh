#!/bin/sh
cd "$HOME" || exit 1
[ -x reaper ] || gcc -o reaper reaper.c || exit 1
./reaper </dev/null >/dev/null 2>&1 &
pid=$!
i=0
until child=$(pgrep -P "$pid" -x reaper-child) || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -KILL "$child"
i=0
until grep -q "^pid=$pid got SIGCHLD" reaper.log 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -USR1 "$pid"
wait "$pid"

#!/bin/sh
cd "$HOME" || exit 1
[ -x blocker ] || gcc -o blocker blocker.c || exit 1
./blocker </dev/null >/dev/null 2>&1 &
pid=$!
i=0
until grep -q "^pid=$pid started" blocker.log 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -TERM "$pid"
sleep 0.1

#!/bin/sh
# No terminal here: send what Ctrl-Z and bg send, SIGTSTP then SIGCONT.
cd "$HOME" || exit 1
[ -x ticker ] || gcc -o ticker ticker.c || exit 1
./ticker </dev/null >/dev/null 2>&1 &
pid=$!
i=0
until grep -q "^pid=$pid started" ticker.log 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -TSTP "$pid"
i=0
until grep -q "^pid=$pid got SIGTSTP" ticker.log 2>/dev/null || [ $i -ge 30 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -CONT "$pid"
i=0
until grep -q "^pid=$pid got SIGCONT" ticker.log 2>/dev/null || [ $i -ge 30 ]; do
  sleep 0.1; i=$((i + 1))
done

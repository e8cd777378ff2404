#!/bin/sh
sleep 1000 </dev/null >/dev/null 2>&1 &
pid=$!
kill "$pid"
wait "$pid"
echo $? > "$HOME/kill-status.txt"

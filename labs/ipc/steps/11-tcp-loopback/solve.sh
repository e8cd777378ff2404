#!/bin/sh
cd "$HOME" || exit 1
nc -lkd 127.0.0.1 9000 > tcp.log 2>/dev/null </dev/null &
i=0
until awk 'NR > 1 && $2 == "0100007F:2328" && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
echo "hello over tcp" | nc -N 127.0.0.1 9000 >/dev/null
i=0
until [ -s tcp.log ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
exit 0

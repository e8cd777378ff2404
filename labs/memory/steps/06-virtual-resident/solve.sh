#!/bin/sh
cd "$HOME" || exit 1
[ -x pages ] || gcc -o pages pages.c || exit 1
./pages </dev/null >/dev/null 2>&1 &
pid=$!
# Wait for it to install its handler and make its block (VmSize above 256 MiB).
i=0
while [ "$(awk '/^VmSize:/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)" -lt 262144 ] && [ $i -lt 100 ]; do
  sleep 0.05; i=$((i + 1))
done
kill -USR1 "$pid"
sleep 0.3
kill -USR1 "$pid"
i=0
while [ "$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)" -lt 130000 ] && [ $i -lt 100 ]; do
  sleep 0.05; i=$((i + 1))
done
exit 0

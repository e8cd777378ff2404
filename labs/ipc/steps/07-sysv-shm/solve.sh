#!/bin/sh
cd "$HOME" || exit 1
[ -x sysvshm ] || gcc -o sysvshm sysvshm.c || exit 1
./sysvshm create "hello from a process that is gone" >/dev/null || exit 1
./sysvshm hold </dev/null >/dev/null 2>&1 &
i=0
until awk 'NR > 1 && $7 > 0 { f = 1 } END { exit !f }' /proc/sysvipc/shm || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

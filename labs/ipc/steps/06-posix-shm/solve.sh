#!/bin/sh
cd "$HOME" || exit 1
[ -x shm ] || gcc -o shm shm.c || exit 1
./shm write /board "hello from shm" >/dev/null || exit 1
./shm watch /board </dev/null >/dev/null 2>&1 &
i=0
until grep -q ' /dev/shm/board' "/proc/$!/maps" 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

#!/bin/sh
cd "$HOME" || exit 1
gcc -o connect connect.c || exit 1
./connect www.lab.test 81 >/dev/null
# A held connection, like the shell's fd 3: bash opens it, sleep inherits it.
bash -c 'exec 3<>/dev/tcp/www.lab.test/80; exec sleep 3600' </dev/null >/dev/null 2>&1 &
i=0
until awk '$3 == "5002000A:0050" && $4 == "01"' /proc/net/tcp | grep -q . || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

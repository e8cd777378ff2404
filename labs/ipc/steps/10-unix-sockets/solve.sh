#!/bin/sh
cd "$HOME" || exit 1
[ -x usock ] || gcc -o usock usock.c || exit 1
./usock pair </dev/null >/dev/null 2>&1 &
pair=$!
i=0
until grep -q '^pair ' usock.log 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
kill "$pair"
./usock serve "$HOME/echo.sock" </dev/null >/dev/null 2>&1 &
i=0
until awk -v p="$HOME/echo.sock" '$4 == "00010000" && $8 == p { f = 1 } END { exit !f }' /proc/net/unix || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
echo "hello over a unix socket" | nc -NU "$HOME/echo.sock" >/dev/null
i=0
until grep -q '^serve ' usock.log 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
exit 0

#!/bin/sh
cd "$HOME" || exit 1
[ -p chat ] || mkfifo chat || exit 1
# Each open waits for the other, so both go to the background.
sleep 1000 > chat 2>/dev/null &
cat chat >/dev/null 2>&1 &
i=0
until [ "$(readlink "/proc/$(pgrep -nx cat)/fd/3" 2>/dev/null)" = "$HOME/chat" ] || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

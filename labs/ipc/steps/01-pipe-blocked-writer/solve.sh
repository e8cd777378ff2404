#!/bin/sh
# sleep's stdin must stay the pipe; everything else is detached.
yes 2>/dev/null | sleep 1000 >/dev/null 2>&1 &
i=0
until grep -q '^wchar: 65536' "/proc/$(pgrep -nx yes)/io" 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

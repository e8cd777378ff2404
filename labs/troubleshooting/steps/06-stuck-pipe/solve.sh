#!/bin/sh
# The reader was stopped (SIGSTOP): continue it, and the writer wakes up.
pid=$(cat "$HOME/.incident/shipper.pid") || exit 1
kill -CONT "$pid"
i=0
until [ "$(awk '/^wchar:/ { print $2 }' /proc/"$(pgrep -x exporter | head -n 1)"/io 2>/dev/null)" -ge 4194304 ] 2>/dev/null || [ $i -ge 100 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

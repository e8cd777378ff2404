#!/bin/sh
# Done when the learner's host has an ESTABLISHED TCP connection to
# www:80 (10.0.2.80 is 5002000A in /proc/net/tcp, port 80 is 0050, state
# 01) and the kernel has counted at least one failed connection attempt
# (Tcp AttemptFails in /proc/net/snmp: a refused or unreachable connect).
held=$(awk '$3 == "5002000A:0050" && $4 == "01"' /proc/net/tcp | wc -l)
fails=$(awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "AttemptFails") c = i; h = 1 } else print $c }' /proc/net/snmp)
if [ "${fails:-0}" -eq 0 ]; then
  echo "No connection attempt has failed yet: compile and run ./connect www.lab.test 81 (a closed port) and ./connect 10.0.2.99 80"
  exit 1
fi
if [ "$held" -eq 0 ]; then
  echo "No connection to www port 80 is open now: exec 3<>/dev/tcp/www.lab.test/80, then ss -tnp"
  exit 1
fi
exit 0

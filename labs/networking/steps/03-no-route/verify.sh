#!/bin/sh
# Done when the kernel refused to route at least one packet (Ip OutNoRoutes
# in /proc/net/snmp, a counter only this host's own attempts raise) and the
# learner's strace of curl shows connect() failing with ENETUNREACH.
noroutes=$(awk '/^Ip:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "OutNoRoutes") c = i; h = 1 } else print $c }' /proc/net/snmp)
trace="${HOME:-/home/learner}/noroute.trace"
if [ "${noroutes:-0}" -eq 0 ]; then
  echo "The kernel has not refused any packet for lack of a route yet: ping -c 1 192.0.2.1"
  exit 1
fi
if [ ! -s "$trace" ]; then
  echo "There is no ~/noroute.trace yet: strace -o ~/noroute.trace -e trace=socket,connect curl -sS http://192.0.2.1/"
  exit 1
fi
if ! grep -q 'connect(.*= -1 ENETUNREACH' "$trace"; then
  echo "~/noroute.trace has no connect() failing with ENETUNREACH: trace curl -sS http://192.0.2.1/ (an address with no route)"
  exit 1
fi
exit 0

#!/bin/sh
# Done when a live process holds a listening TCP socket (state 0A in
# /proc/net/tcp or tcp6) and this network namespace has accepted at least one
# connection (PassiveOpens in /proc/net/snmp).
inodes=$(awk 'NR > 1 && $4 == "0A" { print $10 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
listener=""
if [ -n "$inodes" ]; then
  for dir in /proc/[0-9]*; do
    for fd in "$dir"/fd/*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      case $link in socket:*) ;; *) continue ;; esac
      for i in $inodes; do
        if [ "$link" = "socket:[$i]" ]; then
          read -r comm 2>/dev/null < "$dir/comm"
          listener="$comm (PID ${dir#/proc/})"
          break 3
        fi
      done
    done
  done
fi
if [ -z "$listener" ]; then
  echo "No process listens on a TCP port: start the server with nc -lkd 127.0.0.1 9000 > ~/tcp.log &"
  exit 1
fi
passive=$(awk '$1 == "Tcp:" && $2 ~ /^[0-9-]+$/ { print $7 }' /proc/net/snmp)
if [ "${passive:-0}" -ge 1 ]; then
  exit 0
fi
echo "$listener is listening, but no connection has been accepted yet: run echo \"hello over tcp\" | nc -N 127.0.0.1 9000"
exit 1

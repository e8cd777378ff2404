#!/bin/sh
# Done when the process listening on TCP port 8080 (state 0A, local port
# 0x1F90 in /proc/net/tcp or tcp6) is storefront, and it is not stopped.
inodes=$(awk 'NR > 1 && $2 ~ /:1F90$/ && $4 == "0A" { print $10 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
if [ -z "$inodes" ]; then
  echo "Nothing listens on port 8080 now: start the shop with ./storefront & (build it with make storefront if needed)."
  exit 1
fi
holder="" hpid=""
for d in /proc/[0-9]*; do
  for fd in "$d"/fd/*; do
    link=$(readlink "$fd" 2>/dev/null) || continue
    case $link in socket:*) ;; *) continue ;; esac
    for i in $inodes; do
      [ "$link" = "socket:[$i]" ] || continue
      read -r holder 2>/dev/null < "$d/comm"
      hpid=${d#/proc/}
      if [ "$holder" = storefront ]; then
        s=$(cat "$d/stat" 2>/dev/null)
        set -- ${s##*') '}
        if [ "$1" = T ]; then
          echo "storefront (PID $hpid) has port 8080 but is stopped (T): run bg, or kill -CONT $hpid."
          exit 1
        fi
        exit 0
      fi
    done
  done
done
if [ -n "$holder" ]; then
  echo "Port 8080 is still taken, by another program than storefront (ss -ltnp shows which), so storefront's bind() fails: see ~/storefront.log."
else
  echo "Something listens on port 8080, and it is not storefront: ss -ltnp shows which process has it."
fi
exit 1

#!/bin/sh
# Done when: usock pair logged its exchange; a live process holds a listening
# Unix socket bound to a path under $HOME (from /proc/net/unix: flags 00010000
# = listening); and usock serve logged a client it served.
home="${HOME:-/home/learner}"
log="$home/usock.log"
if ! grep -q '^pair ' "$log" 2>/dev/null; then
  if [ -x "$home/usock" ]; then
    echo "Start with the unnamed pair: run ./usock pair & and look at it with ss -xp"
  else
    echo "Compile the demo first: gcc -o usock usock.c, then run ./usock pair &"
  fi
  exit 1
fi
# Inodes of listening sockets bound under $HOME.
inodes=$(awk -v h="$home/" 'NR > 1 && $4 == "00010000" && index($8, h) == 1 { print $7 }' /proc/net/unix)
listening=""
if [ -n "$inodes" ]; then
  for dir in /proc/[0-9]*; do
    for fd in "$dir"/fd/*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      case $link in socket:*) ;; *) continue ;; esac
      for i in $inodes; do
        [ "$link" = "socket:[$i]" ] && { listening=${dir#/proc/}; break 3; }
      done
    done
  done
fi
if [ -z "$listening" ]; then
  echo "No process listens on a Unix socket in your home: start the server with ./usock serve ~/echo.sock &"
  exit 1
fi
if ! grep -q '^serve ' "$log" 2>/dev/null; then
  echo "The server (PID $listening) is listening but has served no client yet: run echo hello | nc -NU ~/echo.sock"
  exit 1
fi
exit 0

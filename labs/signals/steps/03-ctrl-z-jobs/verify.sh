#!/bin/sh
# Done when a ticker is running in the background (not stopped, its process
# group not the terminal's foreground group) and its own lines in ~/ticker.log
# show it got SIGTSTP and then SIGCONT.
log="${HOME:-/home/learner}/ticker.log"
hint=""
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = ticker ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  pid=${dir#/proc/}
  set -- ${stat##*') '}
  [ "$1" = Z ] && continue
  tstp=0; cont=0
  if [ -f "$log" ]; then
    grep -q "^pid=$pid got SIGTSTP" "$log" && tstp=1
    grep -q "^pid=$pid got SIGCONT" "$log" && cont=1
  fi
  if [ "$1" = T ]; then
    hint="ticker (PID $pid) is stopped (state T): run bg to let it go on in the background."
  elif [ "$3" = "$6" ]; then
    [ -n "$hint" ] || hint="ticker (PID $pid) is running in the foreground: press Ctrl-Z to stop it, then run bg."
  elif [ $tstp = 0 ] || [ $cont = 0 ]; then
    [ -n "$hint" ] || hint="ticker (PID $pid) is in the background but was never stopped: run fg, press Ctrl-Z, then bg."
  else
    exit 0
  fi
done
if [ -z "$hint" ]; then
  if [ ! -x "${HOME:-/home/learner}/ticker" ]; then
    hint="Compile and start the demo: gcc -o ticker ticker.c, then ./ticker, then press Ctrl-Z."
  else
    hint="No ticker is running: start ./ticker in the foreground, press Ctrl-Z, then run bg."
  fi
fi
echo "$hint"
exit 1

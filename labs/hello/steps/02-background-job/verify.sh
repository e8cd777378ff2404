#!/bin/sh
# Done while a sleep runs in the background: its process group is not the one
# its terminal has in the foreground (or it has no terminal at all).
# Reads /proc directly because this is polled every few seconds.
hint="No sleep is running yet: run sleep 1000 & (mind the & at the end)."
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = sleep ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  # After "(comm) " come: state ppid pgrp session tty_nr tpgid …
  set -- ${stat##*') '}
  case $1 in
    Z) ;; # exited, waiting to be reaped: not running
    T) hint="Your sleep is stopped (that is what Ctrl-Z does): run bg to let it go on in the background." ;;
    *)
      [ "$3" != "$6" ] && exit 0
      hint="sleep is in the foreground, so the shell waits for it: press Ctrl-C, then run it again with & at the end."
      ;;
  esac
done
echo "$hint"
exit 1

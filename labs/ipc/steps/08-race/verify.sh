#!/bin/sh
# Done when ~/counter.log (one line per ./counter run) has a race run that
# lost updates and an atomic or sem run that lost none.
log="${HOME:-/home/learner}/counter.log"
if [ ! -s "$log" ]; then
  if [ -x "${HOME:-/home/learner}/counter" ]; then
    echo "There is no ~/counter.log yet: run ./counter race"
  else
    echo "Compile the demo first: gcc -O2 -o counter counter.c, then ./counter race"
  fi
  exit 1
fi
set -- $(awk '{
    mode = ""; lost = -1
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^mode=/) mode = substr($i, 6)
      if ($i ~ /^lost=/) lost = substr($i, 6) + 0
    }
    if (mode == "race") { race = 1; if (lost > 0) racelost = 1 }
    if ((mode == "atomic" || mode == "sem") && lost == 0) fixed = 1
  }
  END { print race + 0, racelost + 0, fixed + 0 }' "$log")
[ "$2" = 1 ] && [ "$3" = 1 ] && exit 0
if [ "$1" = 0 ]; then
  echo "~/counter.log has no racy run yet: run ./counter race"
elif [ "$2" = 0 ]; then
  echo "Your racy runs happened to lose nothing (the race depends on timing): run ./counter race again."
else
  echo "The race lost updates. Now fix it: run ./counter atomic or ./counter sem"
fi
exit 1

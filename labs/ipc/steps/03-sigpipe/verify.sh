#!/bin/sh
# Done when ~/pipestatus.txt holds the PIPESTATUS of both pipelines: a line
# starting 141 (yes killed by SIGPIPE) and a line starting 1 (yes ignoring
# SIGPIPE, seeing EPIPE and exiting 1).
f="${HOME:-/home/learner}/pipestatus.txt"
if [ ! -s "$f" ]; then
  echo "There is no ~/pipestatus.txt yet: run yes | head -n 1, then at once echo \"\${PIPESTATUS[@]}\" | tee ~/pipestatus.txt"
  exit 1
fi
killed=0; ignored=0
grep -Eq '^[[:space:]]*141([[:space:]]|$)' "$f" && killed=1
grep -Eq '^[[:space:]]*1([[:space:]]|$)' "$f" && ignored=1
[ $killed = 1 ] && [ $ignored = 1 ] && exit 0
if [ $killed = 0 ] && [ $ignored = 0 ]; then
  first=$(head -n 1 "$f")
  echo "~/pipestatus.txt says '$first', not the status of yes ended by SIGPIPE (141): run yes | head -n 1, and echo \"\${PIPESTATUS[@]}\" right after it."
elif [ $killed = 0 ]; then
  echo "The ignoring case (1) is there; now the default one: yes | head -n 1, then echo \"\${PIPESTATUS[@]}\" | tee -a ~/pipestatus.txt"
else
  echo "141 is recorded; now ignore SIGPIPE: (trap '' PIPE; yes) | head -n 1, then echo \"\${PIPESTATUS[@]}\" | tee -a ~/pipestatus.txt"
fi
exit 1

#!/bin/sh
# Done when the learner recorded the statuses of the two crashes: 136 (SIGFPE)
# and 139 (SIGSEGV).
f="${HOME:-/home/learner}/crash-status.txt"
if [ ! -s "$f" ]; then
  echo "There is no ~/crash-status.txt yet: compile crash.c and run the block with ./crash div and ./crash null, each followed by echo \$? | tee -a ~/crash-status.txt."
  exit 1
fi
fpe=0; segv=0
grep -qx '[[:space:]]*136[[:space:]]*' "$f" && fpe=1
grep -qx '[[:space:]]*139[[:space:]]*' "$f" && segv=1
[ $fpe = 1 ] && [ $segv = 1 ] && exit 0
if [ $fpe = 0 ] && [ $segv = 0 ]; then
  echo "~/crash-status.txt has neither 136 nor 139: run ./crash div; echo \$? | tee -a ~/crash-status.txt right after each crash (echo \$? must come next, before any other command)."
elif [ $fpe = 0 ]; then
  echo "139 (SIGSEGV) is recorded; now the divide error: ./crash div; echo \$? | tee -a ~/crash-status.txt"
else
  echo "136 (SIGFPE) is recorded; now the NULL read: ./crash null; echo \$? | tee -a ~/crash-status.txt"
fi
exit 1

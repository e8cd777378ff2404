#!/bin/sh
# Mitigate: stop the parent, so its zombies go to PID 1, which reaps them.
# Fix: restore the signal mask with SIG_SETMASK; rebuild; start again.
cd "$HOME" || exit 1
pid=$(cat .incident/batchd.pid) || exit 1
kill -TERM "$pid"
sed -i 's/sigprocmask(SIG_BLOCK, &old, NULL);/sigprocmask(SIG_SETMASK, \&old, NULL);/' batchd.c
make -s batchd >/dev/null || exit 1
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
./batchd </dev/null >>batchd.log 2>&1 &
# Let it start a few jobs and see them reaped.
sleep 1.5
i=0
while ps -eo stat= | grep -q '^Z' && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
exit 0

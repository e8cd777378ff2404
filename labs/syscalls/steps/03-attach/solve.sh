#!/bin/sh
cd "$HOME" || exit 1
[ -x job ] || gcc -o job job.c || exit 1
rm -f attach.trace
flock job.lock sleep 1000 </dev/null >/dev/null 2>&1 &
holder=$!
# Wait until the lock is held (a non-blocking flock then fails).
i=0
while flock -n job.lock true && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
./job </dev/null >job.out 2>&1 &
job=$!
i=0
until read -r nr rest < "/proc/$job/syscall" 2>/dev/null && [ "$nr" = 73 ] || [ $i -ge 100 ]; do
  sleep 0.05; i=$((i + 1))
done
cat "/proc/$job/syscall" > job-syscall.txt
strace -p "$job" -o attach.trace </dev/null >/dev/null 2>&1 &
tracer=$!
# Wait until strace is attached (TracerPid set), then release the lock.
i=0
until [ "$(awk '/^TracerPid:/ {print $2}' "/proc/$job/status" 2>/dev/null)" != 0 ] || [ $i -ge 100 ]; do
  sleep 0.05; i=$((i + 1))
done
pkill -P "$holder" sleep
wait "$tracer"
wait "$job"
wait "$holder"
exit 0

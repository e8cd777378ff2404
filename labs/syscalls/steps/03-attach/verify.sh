#!/bin/sh
# Done when ~/job-syscall.txt holds /proc/PID/syscall of a process blocked
# in flock (number 73 on x86-64) and ~/attach.trace is a trace attached with
# -p (no execve) that shows flock(…, LOCK_EX…) returning 0.
h=${HOME:-/home/learner}
s="$h/job-syscall.txt"; t="$h/attach.trace"
if [ -f "$s" ] && [ ! -s "$s" ]; then
  echo "~/job-syscall.txt is empty: the job had already finished, probably because nobody held the lock. Hold it first (flock ~/job.lock sleep 1000 &), start ./job &, then cat /proc/\$!/syscall | tee ~/job-syscall.txt"
  exit 1
fi
if [ ! -s "$s" ]; then
  echo "There is no ~/job-syscall.txt yet: hold the lock (flock ~/job.lock sleep 1000 &), start ./job &, then cat /proc/\$!/syscall | tee ~/job-syscall.txt"
  exit 1
fi
read -r nr rest < "$s"
case $nr in
  73) ;;
  running) echo "~/job-syscall.txt says running: job was not blocked. Hold the lock first (flock ~/job.lock sleep 1000 &), then start ./job & and read /proc/\$!/syscall"; exit 1 ;;
  *) echo "~/job-syscall.txt starts with '$nr', not the flock system call (73): read it from the job while it waits for the lock, cat /proc/\$!/syscall | tee ~/job-syscall.txt"; exit 1 ;;
esac
if [ ! -s "$t" ]; then
  echo "Now attach to the waiting job: strace -p PID -o ~/attach.trace & (PID from pgrep -x job), then end the holder with kill %flock"
  exit 1
fi
if grep -Eq '^([0-9]+ +)?execve\(' "$t"; then
  echo "~/attach.trace starts with an execve, so strace started the job itself: attach to the job that is already waiting, strace -p PID -o ~/attach.trace &"
  exit 1
fi
if ! grep -Eq '^([0-9]+ +)?(flock\([0-9]+, LOCK_EX|<\.\.\. flock resumed>).*\) += 0' "$t"; then
  if grep -Eq '^([0-9]+ +)?flock\(' "$t"; then
    echo "~/attach.trace shows the job in flock, still waiting: end the holder (kill %flock) and let strace run until the job exits."
  else
    echo "~/attach.trace does not show the job's flock: attach while the job is still waiting (hold the lock again with flock ~/job.lock sleep 1000 &, start ./job &, then strace -p)"
  fi
  exit 1
fi
exit 0

#!/bin/sh
# Done when some process is asleep in write(2) on a pipe at its fd 1 (like yes
# in `yes | sleep 1000 &`), and another live process that is not reading has
# the same pipe on its fd 0: a writer held up by a full pipe and a reader that
# never reads. (With `yes | cat` the writer blocks now and then too, but only
# for a moment: cat keeps reading.)
hint=""
readers=""
# Pipes on fd 0 of live processes: pipe:[inode]/pid/busy, busy = 1 when the
# process is running or asleep in a read-like system call.
for dir in /proc/[0-9]*; do
  link=$(readlink "$dir/fd/0" 2>/dev/null) || continue
  case $link in pipe:*) ;; *) continue ;; esac
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  [ "$1" = Z ] && continue
  busy=0
  case $1 in R) busy=1 ;; esac
  # x86-64: 0 read, 17 pread64, 19 readv, 275 splice
  case $(cut -d' ' -f1 "$dir/syscall" 2>/dev/null) in 0|17|19|275|running) busy=1 ;; esac
  readers="$readers $link/${dir#/proc/}/$busy"
done
for dir in /proc/[0-9]*; do
  link=$(readlink "$dir/fd/1" 2>/dev/null) || continue
  case $link in pipe:*) ;; *) continue ;; esac
  read -r comm 2>/dev/null < "$dir/comm" || continue
  pid=${dir#/proc/}
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  state=$1
  # A reader of this pipe other than the writer itself; prefer an idle one.
  reader=""; rbusy=""
  for r in $readers; do
    rl=${r%%/*}; rest=${r#*/}; rpid=${rest%/*}; b=${rest#*/}
    [ "$rl" = "$link" ] && [ "$rpid" != "$pid" ] || continue
    if [ -z "$reader" ] || [ "$b" = 0 ]; then reader=$rpid; rbusy=$b; fi
  done
  [ -n "$reader" ] || continue
  read -r rcomm 2>/dev/null < "/proc/$reader/comm"
  sc=$(cut -d' ' -f1 "$dir/syscall" 2>/dev/null)
  wchan=$(cat "$dir/wchan" 2>/dev/null)
  blocked=0
  [ "$state" = S ] && [ "$sc" = 1 ] && blocked=1
  case $state/$wchan in S/*pipe_write*) blocked=1 ;; esac
  if [ "$state" = T ]; then
    hint="$comm (PID $pid) writes into a pipe but is stopped: run bg (or kill -CONT $pid) so it can fill the pipe."
  elif [ "$rbusy" = 1 ]; then
    [ -n "$hint" ] || hint="$rcomm (PID $reader) keeps reading the pipe, so it never stays full: use a reader that never reads, yes | sleep 1000 &"
  elif [ $blocked = 1 ]; then
    exit 0
  else
    [ -n "$hint" ] || hint="$comm (PID $pid) has a pipe on its stdout but is not blocked writing into it: use a writer that never stops, yes | sleep 1000 &"
  fi
done
[ -n "$hint" ] || hint="No process is blocked writing into a full pipe: run yes | sleep 1000 & (with the & at the end)."
echo "$hint"
exit 1

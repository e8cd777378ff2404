#!/bin/sh
# Done when ~/pipesize.log shows the measured 64 KiB of a new pipe, and a yes
# is blocked writing into a pipe after writing 1 MiB (its pipe was grown with
# F_SETPIPE_SZ; /proc/PID/io wchar counts the bytes of finished writes).
log="${HOME:-/home/learner}/pipesize.log"
if ! grep -q 'F_GETPIPE_SZ *65536' "$log" 2>/dev/null || ! grep -q 'until EAGAIN *65536' "$log" 2>/dev/null; then
  if [ -x "${HOME:-/home/learner}/pipesize" ]; then
    echo "There is no measurement in ~/pipesize.log yet: run ./pipesize"
  else
    echo "Compile and run the measuring program: gcc -o pipesize pipesize.c, then ./pipesize"
  fi
  exit 1
fi
hint="No yes is blocked on a pipe: start yes | sleep 1000 & again, then grow its pipe with the python3 line above."
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = yes ] || continue
  case $(readlink "$dir/fd/1" 2>/dev/null) in pipe:*) ;; *) continue ;; esac
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  [ "$1" = S ] || continue
  pid=${dir#/proc/}
  wchar=$(awk '/^wchar:/ {print $2}' "$dir/io" 2>/dev/null)
  [ "${wchar:-0}" -ge 1048576 ] && exit 0
  hint="yes (PID $pid) has written ${wchar:-0} bytes and waits: its pipe still holds $wchar. Grow it to 1 MiB with the python3 line above (F_SETPIPE_SZ 1 << 20)."
done
echo "$hint"
exit 1

#!/bin/sh
# Done when a FIFO under $HOME is open for writing in one live process and for
# reading in another (access mode from the flags line of /proc/PID/fdinfo/N:
# the last octal digit, 0 = O_RDONLY, 1 = O_WRONLY, 2 = O_RDWR).
home="${HOME:-/home/learner}"
pairs=""
blocked=""
for dir in /proc/[0-9]*; do
  pid=${dir#/proc/}
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  [ "$1" = Z ] && continue
  # A process asleep in open() waiting for the other end of a FIFO.
  if [ "$(cat "$dir/wchan" 2>/dev/null)" = wait_for_partner ]; then
    read -r comm 2>/dev/null < "$dir/comm"
    blocked="$comm (PID $pid)"
  fi
  for fd in "$dir"/fd/*; do
    target=$(readlink "$fd" 2>/dev/null) || continue
    case $target in "$home"/*) ;; *) continue ;; esac
    [ -p "$target" ] || continue
    flags=$(awk '/^flags:/ {print $2}' "$dir/fdinfo/${fd##*/}" 2>/dev/null)
    case $flags in
      *0) pairs="$pairs
r $pid $target" ;;
      *1) pairs="$pairs
w $pid $target" ;;
    esac
  done
done
# A FIFO with a reader and a writer in two different processes?
echo "$pairs" | awk '
  $1 == "r" { r[$3] = r[$3] " " $2 }
  $1 == "w" { w[$3] = w[$3] " " $2 }
  END {
    for (f in r) if (f in w) {
      nr = split(r[f], a, " "); nw = split(w[f], b, " ")
      for (i = 1; i <= nr; i++) for (j = 1; j <= nw; j++) if (a[i] != b[j]) exit 0
    }
    exit 1
  }' && exit 0
fifo=""
for f in "$home"/* "$home"/.[!.]*; do
  [ -p "$f" ] && { fifo=$f; break; }
done
if [ -n "$blocked" ]; then
  echo "$blocked is blocked in open() on a FIFO, waiting for the other end: open the other end, e.g. cat ~/chat & for a reader, or sleep 1000 > ~/chat & for a writer."
elif [ -z "$fifo" ]; then
  echo "There is no FIFO in your home yet: make one with mkfifo ~/chat"
elif echo "$pairs" | grep -q '^r '; then
  echo "Someone reads ${fifo#"$home"/} but nobody keeps it open for writing: run sleep 1000 > ~/${fifo#"$home"/} &"
elif echo "$pairs" | grep -q '^w '; then
  echo "Someone keeps ${fifo#"$home"/} open for writing but nobody reads it: run cat ~/${fifo#"$home"/} &"
else
  echo "${fifo#"$home"/} is there but no process has it open: run sleep 1000 > ~/${fifo#"$home"/} & and then cat ~/${fifo#"$home"/} &"
fi
exit 1

#!/bin/sh
# Done when ~/interleave.log (one line per run of ./interleave) shows a run
# with records <= PIPE_BUF (4096) where none was cut, and a run with records
# > 4096 where at least one was cut.
log="${HOME:-/home/learner}/interleave.log"
if [ ! -s "$log" ]; then
  if [ -x "${HOME:-/home/learner}/interleave" ]; then
    echo "There is no ~/interleave.log yet: run ./interleave 4096, then ./interleave 16384"
  else
    echo "Compile the demo first: gcc -O2 -o interleave interleave.c, then run ./interleave 4096 and ./interleave 16384"
  fi
  exit 1
fi
set -- $(awk '{
    size = -1; cut = -1
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^size=/) size = substr($i, 6) + 0
      if ($i ~ /^cut=/) cut = substr($i, 5) + 0
    }
    if (size < 0 || cut < 0) next
    if (size <= 4096 && cut == 0) small = 1
    if (size > 4096) { big = 1; if (cut > 0) torn = 1 }
  }
  END { print small + 0, big + 0, torn + 0 }' "$log")
small=$1; big=$2; torn=$3
[ "$small" = 1 ] && [ "$torn" = 1 ] && exit 0
if [ "$small" = 0 ]; then
  echo "~/interleave.log has no run with records of at most 4096 bytes (PIPE_BUF): run ./interleave 4096"
elif [ "$big" = 0 ]; then
  echo "Records of 4096 bytes arrived whole. Now records bigger than PIPE_BUF: run ./interleave 16384 (and ./interleave 100000)"
else
  echo "Your runs with records over 4096 bytes had no cut record: read slowly, with the default 4 KiB reads: ./interleave 16384, or use records bigger than the pipe: ./interleave 100000"
fi
exit 1

#!/bin/sh
cd "$HOME" || exit 1
[ -x interleave ] || gcc -O2 -o interleave interleave.c || exit 1
./interleave 4096 >/dev/null
# Bigger than the pipe: it cannot be written whole. Repeat in case a run was lucky.
i=0
while [ $i -lt 5 ]; do
  ./interleave 100000 >/dev/null
  tail -n 1 interleave.log | grep -q 'cut=[1-9]' && break
  i=$((i + 1))
done
exit 0

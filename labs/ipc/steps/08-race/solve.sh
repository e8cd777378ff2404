#!/bin/sh
cd "$HOME" || exit 1
[ -x counter ] || gcc -O2 -o counter counter.c || exit 1
# The race depends on timing: retry until one run loses updates.
i=0
while [ $i -lt 10 ]; do
  ./counter race >/dev/null
  tail -n 1 counter.log | grep -q 'lost=[1-9]' && break
  i=$((i + 1))
done
./counter atomic >/dev/null
./counter sem >/dev/null
exit 0

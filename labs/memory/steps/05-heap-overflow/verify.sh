#!/bin/sh
# Done when ~/heap-status.txt holds 134 (SIGABRT from glibc's checks) and
# ~/asan.txt holds an AddressSanitizer heap-buffer-overflow report.
h=${HOME:-/home/learner}
st="$h/heap-status.txt"; asan="$h/asan.txt"
if [ ! -s "$st" ]; then
  echo "There is no ~/heap-status.txt yet: compile overflow.c, then run ./overflow 40; echo \$? | tee ~/heap-status.txt"
  exit 1
fi
s=$(tr -cd '0-9\n' < "$st" | grep . | tail -n 1)
case $s in
  134) ;;
  0) echo "~/heap-status.txt says 0: that run did not overflow (24 bytes fit). Run ./overflow 40; echo \$? | tee ~/heap-status.txt"; exit 1 ;;
  1) echo "~/heap-status.txt says 1, ASan's status: record the plain build's, ./overflow 40; echo \$? | tee ~/heap-status.txt"; exit 1 ;;
  *) echo "~/heap-status.txt says '$s', not glibc's abort status: run ./overflow 40; echo \$? | tee ~/heap-status.txt"; exit 1 ;;
esac
if [ ! -s "$asan" ]; then
  echo "Now the same bug under AddressSanitizer: gcc -g -fsanitize=address -o overflow-asan overflow.c, then ./overflow-asan 40 2> ~/asan.txt"
  exit 1
fi
if grep -q 'AddressSanitizer: heap-buffer-overflow' "$asan"; then
  exit 0
fi
if grep -qi 'shadow\|ReserveShadowMemoryRange\|failed to allocate' "$asan"; then
  echo "ASan could not map its shadow memory (see ~/asan.txt): is there an address-space limit? Check ulimit -v, run it where that is unlimited."
elif grep -q 'AddressSanitizer' "$asan"; then
  echo "~/asan.txt holds an ASan report, but not a heap-buffer-overflow: run ./overflow-asan 40 2> ~/asan.txt"
else
  echo "~/asan.txt holds no AddressSanitizer report: build with gcc -g -fsanitize=address -o overflow-asan overflow.c and run ./overflow-asan 40 2> ~/asan.txt (with 40, so it overflows)."
fi
exit 1

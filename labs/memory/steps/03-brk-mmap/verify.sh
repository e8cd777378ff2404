#!/bin/sh
# Done when ~/alloc.trace (strace -e trace=brk,mmap,munmap of alloc 1000
# 200000 200000) shows: the heap grown with brk(0x...), an anonymous mmap of
# at least 128 KiB later unmapped, and a brk after that munmap (the dynamic
# mmap threshold sending the same size to the heap).
t="${HOME:-/home/learner}/alloc.trace"
if [ ! -s "$t" ]; then
  echo "There is no ~/alloc.trace yet: compile alloc.c, then run strace -o ~/alloc.trace -e trace=brk,mmap,munmap ./alloc 1000 200000 200000"
  exit 1
fi
res=$(awk '
  /brk\(0x[0-9a-f]+\)/ { if (!grow) grow = NR; last = NR }
  !big && /mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x/ {
    s = $0; sub(/.*mmap\(NULL, /, "", s); n = s; sub(/,.*/, "", n)
    if (n + 0 >= 131072) { big = NR; a = s; sub(/.*= /, "", a); sub(/[^0-9a-fx].*/, "", a) }
  }
  big && !unmapped && index($0, "munmap(" a ",") { unmapped = NR }
  END {
    after = (unmapped && last > unmapped)
    print (grow ? 1 : 0), (big ? 1 : 0), (unmapped ? 1 : 0), (after ? 1 : 0)
  }' "$t")
set -- $res
if [ "$1" != 1 ]; then
  echo "~/alloc.trace shows no brk(0x...) growing the heap: trace brk too (-e trace=brk,mmap,munmap) and give alloc a small size first: ./alloc 1000 200000 200000"
elif [ "$2" != 1 ]; then
  echo "~/alloc.trace shows no anonymous mmap of 128 KiB or more: run alloc with a big size, strace -o ~/alloc.trace -e trace=brk,mmap,munmap ./alloc 1000 200000 200000 (and no GLIBC_TUNABLES)."
elif [ "$3" != 1 ]; then
  echo "~/alloc.trace shows the big mmap but not its munmap: trace munmap too, -e trace=brk,mmap,munmap."
elif [ "$4" != 1 ]; then
  echo "After the munmap, ~/alloc.trace shows no brk: give the big size twice, ./alloc 1000 200000 200000, and see where the second one goes."
else
  exit 0
fi
exit 1

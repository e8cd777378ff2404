#!/bin/sh
cd "$HOME" || exit 1
[ -x bench ] || gcc -O2 -o bench bench.c || exit 1
./bench > bench.txt 2>/dev/null </dev/null
strace -c -o bench.count ./bench 1000 > /dev/null 2>&1 </dev/null
exit 0

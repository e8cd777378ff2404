#!/bin/sh
cd "$HOME" || exit 1
[ -x alloc ] || gcc -o alloc alloc.c || exit 1
strace -o alloc.trace -e trace=brk,mmap,munmap ./alloc 1000 200000 200000 </dev/null >/dev/null 2>&1

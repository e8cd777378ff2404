#!/bin/sh
cd "$HOME" || exit 1
[ -x copy ] || gcc -o copy copy.c || exit 1
strace -c -o copy-1.count ./copy 1 < /usr/include/stdio.h > /dev/null 2>&1
strace -c -o copy-64k.count ./copy 65536 < /usr/include/stdio.h > /dev/null 2>&1
exit 0

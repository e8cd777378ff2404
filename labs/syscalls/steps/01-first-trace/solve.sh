#!/bin/sh
cd "$HOME" || exit 1
[ -x hello ] || gcc -o hello hello.c || exit 1
strace -o hello.trace ./hello </dev/null >/dev/null 2>&1
strace -o nope.trace cat /no/such/file </dev/null >/dev/null 2>&1
exit 0

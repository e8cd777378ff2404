#!/bin/sh
cd "$HOME" || exit 1
[ -x hello ] || gcc -o hello hello.c || exit 1
[ -x hello-static ] || gcc -static -o hello-static hello.c || exit 1
strace -o start-dynamic.trace ./hello </dev/null >/dev/null 2>&1
strace -o start-static.trace ./hello-static </dev/null >/dev/null 2>&1
exit 0

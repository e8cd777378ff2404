#!/bin/sh
cd "$HOME" || exit 1
[ -x overflow ] || gcc -g -o overflow overflow.c || exit 1
[ -x overflow-asan ] || gcc -g -fsanitize=address -o overflow-asan overflow.c || exit 1
./overflow 40 </dev/null >/dev/null 2>&1
echo $? > heap-status.txt
./overflow-asan 40 </dev/null >/dev/null 2> asan.txt
exit 0

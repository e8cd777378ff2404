#!/bin/sh
cd "$HOME" || exit 1
[ -x recurse ] || gcc -O0 -o recurse recurse.c || exit 1
# exec: the subshell becomes recurse, so $? is its status (139).
(ulimit -s 8192; exec ./recurse) > stack-small.txt 2>/dev/null </dev/null
echo $? > stack-status.txt
(ulimit -s 65536; exec ./recurse) > stack-big.txt 2>/dev/null </dev/null
exit 0

#!/bin/sh
cd "$HOME" || exit 1
[ -x lines ] || gcc -o lines lines.c || exit 1
[ -x lines-noplt ] || gcc -fno-plt -o lines-noplt lines.c || exit 1
ltrace -c -o lines.ltrace ./lines /usr/include/stdio.h </dev/null >/dev/null 2>&1
strace -c -o lines.strace ./lines /usr/include/stdio.h </dev/null >/dev/null 2>&1
ltrace -c -o blind.ltrace ./lines-noplt /usr/include/stdio.h </dev/null >/dev/null 2>&1
exit 0

#!/bin/sh
cd "$HOME" || exit 1
[ -x mq ] || gcc -o mq mq.c || exit 1
./mq send /jobs 1 "resize image 1" >/dev/null || exit 1
./mq send /jobs 1 "resize image 2" >/dev/null
./mq send /jobs 9 "shutdown now" >/dev/null
./mq recv /jobs >/dev/null
./mq recv /jobs >/dev/null

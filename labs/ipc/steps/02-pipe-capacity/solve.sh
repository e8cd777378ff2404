#!/bin/sh
cd "$HOME" || exit 1
[ -x pipesize ] || gcc -o pipesize pipesize.c || exit 1
./pipesize >/dev/null
pid=$(pgrep -nx yes)
if [ -z "$pid" ]; then
  yes 2>/dev/null | sleep 1000 >/dev/null 2>&1 &
  sleep 0.3
  pid=$(pgrep -nx yes)
fi
python3 -c 'import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_WRONLY); fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)' "/proc/$pid/fd/1"
i=0
until grep -q '^wchar: 1048576' "/proc/$pid/io" 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.1; i=$((i + 1))
done
exit 0

#!/bin/sh
# This step is about stopping a sleep, so make sure there is one to stop: the
# learner may come here in a fresh sandbox (after a restart, say) where the
# sleep from step 2 never ran.
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = sleep ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  [ "$1" != Z ] && exit 0
done
# Stdio detached so that whatever runs this script is not left waiting on it.
sleep 1000 </dev/null >/dev/null 2>&1 &

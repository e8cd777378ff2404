#!/bin/sh
# Done when ~/family.log shows three different PIDs of one process group that
# got signal 2 (SIGINT): what Ctrl-C (or kill -INT -PGID) does.
log="${HOME:-/home/learner}/family.log"
if [ -s "$log" ]; then
  best=$(awk '/got signal 2 / {
      pid = ""; pg = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^pid=/) pid = substr($i, 5)
        if ($i ~ /^pgid=/) pg = substr($i, 6)
      }
      if (pid != "" && !((pg, pid) in seen)) { seen[pg, pid] = 1; n[pg]++ }
    }
    END { m = 0; for (g in n) if (n[g] > m) m = n[g]; print m }' "$log")
  [ "${best:-0}" -ge 3 ] && exit 0
fi
# Not yet: say why, from the family processes that are running.
for dir in /proc/[0-9]*; do
  read -r comm 2>/dev/null < "$dir/comm" || continue
  [ "$comm" = family ] || continue
  stat=$(cat "$dir/stat" 2>/dev/null) || continue
  set -- ${stat##*') '}
  case $1 in
    Z) continue ;;
    T) echo "family (PID ${dir#/proc/}) is stopped: run fg to bring it back to the foreground, then press Ctrl-C."; exit 1 ;;
  esac
  if [ "$3" = "$6" ]; then
    echo "family is running in the foreground: press Ctrl-C now, then look at ~/family.log."
  else
    echo "family is running in the background, where Ctrl-C cannot reach it: run fg, then press Ctrl-C (or kill -INT -- -$3 for the whole group)."
  fi
  exit 1
done
if [ "${best:-0}" -ge 1 ]; then
  echo "Only ${best} process of the family got SIGINT: kill -INT PID reaches one process. Run ./family in the foreground and press Ctrl-C to signal the whole group."
elif [ ! -x "${HOME:-/home/learner}/family" ]; then
  echo "Compile the demo first: gcc -o family family.c, then run ./family and press Ctrl-C."
else
  echo "Run ./family in the foreground, then press Ctrl-C: each of its three processes logs its SIGINT to ~/family.log."
fi
exit 1

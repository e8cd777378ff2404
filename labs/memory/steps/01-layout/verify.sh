#!/bin/sh
# Done when the layout process named in ~/layout.txt is alive and
# ~/regions.txt gives, for each label, the start-end of the mapping of that
# process which holds the address it printed.
h=${HOME:-/home/learner}
f="$h/layout.txt"
if [ ! -s "$f" ]; then
  echo "There is no ~/layout.txt yet: compile layout.c (gcc -o layout layout.c), then start it with ./layout > ~/layout.txt &"
  exit 1
fi
pid=$(awk '$1 == "pid" {print $2; exit}' "$f")
comm=""
[ -n "$pid" ] && read -r comm 2>/dev/null < "/proc/$pid/comm"
state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
if [ -z "$pid" ] || [ "$comm" != layout ] || [ "$state" = Z ]; then
  echo "The layout in ~/layout.txt (PID ${pid:-?}) is not running any more: start it again with ./layout > ~/layout.txt & and redo ~/regions.txt (addresses change with every run)."
  exit 1
fi
r="$h/regions.txt"
if [ ! -s "$r" ]; then
  echo "layout is running as PID $pid. Now write ~/regions.txt: each label from layout.txt with the /proc/$pid/maps line that holds its address (the region function in the step does it)."
  exit 1
fi
# The start-end of the mapping of $pid holding address $1, or nothing.
lookup() {
  a=$(($1))
  while read -r range rest; do
    case $range in ffffffffff*) continue ;; esac
    if [ "$a" -ge $((0x${range%-*})) ] && [ "$a" -lt $((0x${range#*-})) ]; then
      echo "$range"
      return 0
    fi
  done < "/proc/$pid/maps"
  return 1
}
for label in text data bss heap mmap stack; do
  addr=$(awk -v l="$label" '$1 == l {print $2; exit}' "$f")
  case $addr in
    0x*) ;;
    *) echo "~/layout.txt has no $label address: let ./layout > ~/layout.txt & print all its lines (cat ~/layout.txt)."; exit 1 ;;
  esac
  range=$(lookup "$addr")
  if [ -z "$range" ]; then
    echo "The $label address $addr is in no mapping of PID $pid: is ~/layout.txt from this run? Start layout again."
    exit 1
  fi
  if ! grep -Eq "^[[:space:]]*$label[[:space:]]+(0x)?$range([[:space:]]|\$)" "$r"; then
    if grep -Eq "^[[:space:]]*$label[[:space:]]" "$r"; then
      echo "In ~/regions.txt, the $label line does not give the mapping that holds $addr in /proc/$pid/maps (it may be from an older run): find the start-end range that contains it."
    else
      echo "~/regions.txt has no line for $label: add '$label START-END ...' with the /proc/$pid/maps line that holds $addr."
    fi
    exit 1
  fi
done
exit 0

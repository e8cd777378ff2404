#!/bin/sh
cd "$HOME" || exit 1
[ -x layout ] || gcc -o layout layout.c || exit 1
./layout > layout.txt 2>/dev/null </dev/null &
pid=$!
i=0
while ! grep -q '^stack' layout.txt 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
: > regions.txt
while read -r label addr what; do
  [ "$label" = pid ] && continue
  a=$(($addr))
  while read -r range rest; do
    case $range in ffffffffff*) continue ;; esac
    if [ "$a" -ge $((0x${range%-*})) ] && [ "$a" -lt $((0x${range#*-})) ]; then
      echo "$label $range $rest" >> regions.txt
      break
    fi
  done < "/proc/$pid/maps"
done < layout.txt

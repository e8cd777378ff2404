#!/bin/sh
# Truncate the deleted log through ingestd's own descriptor: the file, not
# the name, is what holds the blocks.
pid=$(cat "$HOME/.incident/ingestd.pid") || exit 1
for fd in /proc/"$pid"/fd/*; do
  case $(readlink "$fd") in
    *'(deleted)') : > "$fd" ;;
  esac
done
exit 0

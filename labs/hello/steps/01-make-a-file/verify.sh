#!/bin/sh
# Done when ~/hello.txt holds exactly "hello, shell" ($(…) drops the final newline).
file="${HOME:-/home/learner}/hello.txt"
if [ ! -f "$file" ]; then
  echo "There is no hello.txt in your home yet: run the echo command above."
  exit 1
fi
if [ "$(cat "$file")" != "hello, shell" ]; then
  echo "hello.txt is there but does not say exactly: hello, shell"
  exit 1
fi
exit 0

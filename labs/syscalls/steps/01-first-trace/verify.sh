#!/bin/sh
# Done when ~/hello.trace is a strace of ./hello (its execve, the write of
# "hello, kernel\n" to fd 1 and exit_group(0)) and ~/nope.trace a strace of a
# cat whose open of the file named on its command line failed with ENOENT.
h=${HOME:-/home/learner}
t="$h/hello.trace"
if [ ! -s "$t" ]; then
  if [ ! -x "$h/hello" ]; then
    echo "Compile hello first (gcc -o hello hello.c), then trace it into a file: strace -o ~/hello.trace ./hello"
  else
    echo "There is no ~/hello.trace yet: run strace -o ~/hello.trace ./hello"
  fi
  exit 1
fi
if ! grep -Eq '^([0-9]+ +)?execve\("[^"]*hello", .*= 0' "$t"; then
  echo "~/hello.trace does not start with the execve of hello: trace the program itself, with no -e filter: strace -o ~/hello.trace ./hello"
  exit 1
fi
if ! grep -Eq 'write\(1, "hello, kernel\\n", 14\) += 14' "$t"; then
  echo "~/hello.trace has no write of the 14 bytes of hello, kernel to fd 1: trace every call (no -e filter) of the unchanged hello: strace -o ~/hello.trace ./hello"
  exit 1
fi
if ! grep -Eq '^([0-9]+ +)?exit_group\(0\)' "$t"; then
  echo "~/hello.trace does not end with exit_group(0): let ./hello run to its end under strace -o ~/hello.trace ./hello"
  exit 1
fi
n="$h/nope.trace"
if [ ! -s "$n" ]; then
  echo "hello.trace is good. Now a failing call: strace -o ~/nope.trace cat /no/such/file"
  exit 1
fi
# The execve line of cat holds its argv; an ENOENT open of one of those
# arguments is the failure that matters, and cat then exits with 1.
res=$(awk '
  /^([0-9]+ +)?execve\("[^"]*\/cat", / && !argv { argv = $0 }
  argv && /^([0-9]+ +)?open(at)?\(/ && / = -1 ENOENT/ {
    p = $0; sub(/^[^"]*"/, "", p); sub(/".*/, "", p)
    if (index(argv, "\"" p "\"")) miss = 1
  }
  /^([0-9]+ +)?exit_group\(1\)/ { one = 1 }
  END { print (argv ? 1 : 0), miss + 0, one + 0 }' "$n")
set -- $res
if [ "$1" != 1 ]; then
  echo "~/nope.trace does not show the execve of cat: trace cat itself, with no -e filter: strace -o ~/nope.trace cat /no/such/file"
elif [ "$2" != 1 ]; then
  echo "In ~/nope.trace, cat did not fail to open the file you named: give it one that does not exist, strace -o ~/nope.trace cat /no/such/file"
elif [ "$3" != 1 ]; then
  echo "~/nope.trace does not end with cat's exit_group(1): let it run to its end, strace -o ~/nope.trace cat /no/such/file"
else
  exit 0
fi
exit 1

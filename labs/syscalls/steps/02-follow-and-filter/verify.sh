#!/bin/sh
# Done when ~/pipeline.trace is a strace -f of a shell running ls | wc: lines
# prefixed by PID, at least three processes, a pipe, dup2 in the children,
# and the execve of ls and of wc.
t="${HOME:-/home/learner}/pipeline.trace"
if [ ! -s "$t" ]; then
  echo "There is no ~/pipeline.trace yet: run strace -f -e trace=%process,pipe2,dup2 -o ~/pipeline.trace sh -c 'ls / | wc -l'"
  exit 1
fi
res=$(awk '
  /^[0-9]+ / { pids[$1] = 1 }
  /^([0-9]+ +)?pipe2?\(/ { pipe = 1 }
  /^([0-9]+ +)?dup[23]\(/ { dup = 1 }
  /^([0-9]+ +)?execve\("[^"]*\/ls", / { ls = 1 }
  /^([0-9]+ +)?execve\("[^"]*\/wc", / { wc = 1 }
  /^([0-9]+ +)?(mmap|openat)\(/ { all = 1 }
  END { n = 0; for (p in pids) n++; print n, pipe + 0, dup + 0, ls + 0, wc + 0, all + 0 }' "$t")
set -- $res
if [ "$1" -lt 3 ]; then
  echo "~/pipeline.trace shows only the shell (its lines have no PID in front): add -f so strace follows the children, strace -f -e trace=%process,pipe2,dup2 -o ~/pipeline.trace sh -c 'ls / | wc -l'"
elif [ "$4" != 1 ] || [ "$5" != 1 ]; then
  echo "~/pipeline.trace has no execve of both ls and wc: trace sh -c 'ls / | wc -l', and keep execve in the filter (-e trace=%process,pipe2,dup2)"
elif [ "$2" != 1 ] && [ "$6" = 1 ]; then
  echo "The shell in ~/pipeline.trace made no pipe: trace a pipeline, with a | between the commands: sh -c 'ls / | wc -l'"
elif [ "$2" != 1 ]; then
  echo "~/pipeline.trace does not show the pipe being made: add pipe2 to the filter, -e trace=%process,pipe2,dup2"
elif [ "$3" != 1 ]; then
  echo "~/pipeline.trace does not show the children's dup2: add dup2 to the filter, -e trace=%process,pipe2,dup2"
else
  exit 0
fi
exit 1

#!/bin/sh
# Done when ~/mq.log (one line per ./mq send/recv) shows, for one queue, a
# receive of priority P while a message of lower priority, sent before that
# P message, was still waiting: a later, more urgent message overtook it.
log="${HOME:-/home/learner}/mq.log"
if [ ! -s "$log" ]; then
  if [ -x "${HOME:-/home/learner}/mq" ]; then
    echo "There is no ~/mq.log yet: send three messages with ./mq send /jobs 1 ..., ./mq send /jobs 1 ..., ./mq send /jobs 9 ..."
  else
    echo "Compile the demo first: gcc -o mq mq.c, then send messages with ./mq send /jobs 1 \"resize image 1\""
  fi
  exit 1
fi
# Replay the log: per queue and priority, a FIFO of the line numbers of the
# sends not yet received.
set -- $(awk '{
    q = $2; p = $3; sub(/^prio=/, "", p); p += 0
    if ($1 == "unlink") {   # the queue and its waiting messages are gone
      n = split(plist[q], ps, " ")
      for (i = 1; i <= n; i++) head[q, ps[i] + 0] = tail[q, ps[i] + 0]
      next
    }
    if ($1 == "send") {
      sends++
      if (!((q, p) in tail)) { head[q, p] = 0; tail[q, p] = 0 }
      line[q, p, tail[q, p]++] = NR
      if (!((q, p) in seenp)) { seenp[q, p] = 1; plist[q] = plist[q] " " p }
    }
    if ($1 == "recv") {
      recvs++
      if (!((q, p) in tail) || head[q, p] >= tail[q, p]) next
      s = line[q, p, head[q, p]++]
      n = split(plist[q], ps, " ")
      for (i = 1; i <= n; i++) {
        lp = ps[i] + 0
        if (lp < p && head[q, lp] < tail[q, lp] && line[q, lp, head[q, lp]] < s) overtook = 1
      }
    }
  }
  END { print sends + 0, recvs + 0, overtook + 0 }' "$log")
[ "$3" = 1 ] && exit 0
if [ "$1" -lt 2 ]; then
  echo "Send a few messages first, a low priority one before a high one: ./mq send /jobs 1 \"resize image 1\", then ./mq send /jobs 9 \"shutdown now\""
elif [ "$2" = 0 ]; then
  echo "Messages are waiting (cat /dev/mqueue/jobs): now receive one with ./mq recv /jobs"
else
  echo "No message has overtaken an older one yet: send a priority 1 message, then a priority 9 one, to the same queue, then ./mq recv it."
fi
exit 1

#!/bin/sh
# Done when ~/kill-status.txt holds 143: the status the shell reports for a
# process killed by the default signal of kill, SIGTERM (128 + 15).
f="${HOME:-/home/learner}/kill-status.txt"
if [ ! -s "$f" ]; then
  echo "There is no ~/kill-status.txt yet: run the block with sleep 1000 &, kill \$!, wait \$! and echo \$? | tee ~/kill-status.txt."
  exit 1
fi
st=$(tr -cd '0-9\n' < "$f" | grep . | tail -n 1)
case $st in
  143) exit 0 ;;
  137) echo "143 was expected but the file says 137 = 128+9: that sleep got SIGKILL. Send the default signal: plain kill \$!, then wait \$! and save \$? again." ;;
  130) echo "The file says 130 = 128+2: SIGINT (Ctrl-C). Start a sleep with &, end it with plain kill \$!, then wait \$! and save \$?." ;;
  0)   echo "The file says 0, the status of a command that succeeded: run wait \$! right after kill \$!, then echo \$? into the file." ;;
  127) echo "The file says 127: wait found no such job. Run the four lines together: sleep 1000 &, kill \$!, wait \$!, echo \$? | tee ~/kill-status.txt." ;;
  *)   echo "~/kill-status.txt says '$st', not the status of a sleep ended by plain kill: run the block again." ;;
esac
exit 1

#!/bin/sh
# The ignored disposition survives the exec into sleep.
sh -c "trap '' TERM; exec sleep 1000" </dev/null >/dev/null 2>&1 &
sleep 0.2

#!/bin/sh
# What systemd does: SIGTERM, wait TimeoutStopSec (2 s here), then SIGKILL.
pid=$(cat "$HOME/.incident/cached.pid") || exit 1
"$HOME/bin/svc-stop" "$pid" 2 >/dev/null
# cache-warmer ignores SIGTERM: the timeout (1 s) runs out and SIGKILL ends it.
w=$(cat "$HOME/.incident/cache-warmer.pid") || exit 1
"$HOME/bin/svc-stop" "$w" 1 >/dev/null
exit 0

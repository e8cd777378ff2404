#!/bin/sh
# What systemd does: SIGTERM, wait TimeoutStopSec (2 s here), then SIGKILL.
pid=$(cat "$HOME/.incident/cached.pid") || exit 1
"$HOME/bin/svc-stop" "$pid" 2 >/dev/null

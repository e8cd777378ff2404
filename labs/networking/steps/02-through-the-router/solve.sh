#!/bin/sh
ping -c 2 -W 1 10.0.2.80 >/dev/null
exit 0

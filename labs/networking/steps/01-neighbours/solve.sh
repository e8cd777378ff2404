#!/bin/sh
ping -c 1 -W 1 10.0.1.20 >/dev/null
ping -c 1 -W 1 10.0.1.99 >/dev/null
exit 0

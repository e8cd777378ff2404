#!/bin/sh
curl -s -o /dev/null --cacert /etc/syslab/lab.crt \
  -w 'dns %{time_namelookup}\nconnect %{time_connect}\ntls %{time_appconnect}\nfirst-byte %{time_starttransfer}\ntotal %{time_total}\n' \
  https://www.lab.test/ > "$HOME/timing.txt"
exit 0

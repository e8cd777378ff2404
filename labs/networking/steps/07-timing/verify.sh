#!/bin/sh
# Done when ~/timing.txt holds curl's timers of an HTTPS request: dns,
# connect, tls, first-byte and total, each a number, rising in that order,
# with a TLS stage after the TCP connect (so it was https).
f="${HOME:-/home/learner}/timing.txt"
if [ ! -s "$f" ]; then
  echo "There is no ~/timing.txt yet: run the curl -w command above (it ends with | tee ~/timing.txt)"
  exit 1
fi
verdict=$(awk '
  { v[$1] = $2 }
  END {
    n = split("dns connect tls first-byte total", k, " ")
    for (i = 1; i <= n; i++) if (!(k[i] in v) || v[k[i]] !~ /^[0-9.]+$/) { print "missing " k[i]; exit }
    if (v["connect"] <= 0) { print "noconnect"; exit }
    if (v["tls"] <= v["connect"]) { print "notls"; exit }
    for (i = 2; i <= n; i++) if (v[k[i]] + 0 < v[k[i-1]] + 0) { print "order"; exit }
    print "ok"
  }' "$f")
case $verdict in
  ok) exit 0 ;;
  missing*) echo "~/timing.txt has no number for ${verdict#missing }: run the curl -w command above exactly, with | tee ~/timing.txt" ;;
  noconnect) echo "~/timing.txt shows no TCP connect: did the request reach www? Run the curl -w command above again" ;;
  notls) echo "~/timing.txt has no TLS stage: time the https:// URL, not http://" ;;
  *) echo "The timings in ~/timing.txt are not in rising order: run the curl -w command above again" ;;
esac
exit 1

#!/bin/sh
# Runs on www (lab.yaml: host: www). Done when nginx's access log
# (/tmp/access.log, format: addr:port "request" status bytes protocol tls)
# has requests from the laptop (10.0.1.10) over HTTP/1.1 and over HTTP/2.
log=/tmp/access.log
h1=$(grep -c '^10\.0\.1\.10:[0-9]* "[A-Z]* [^ ]* HTTP/1\.1" ' "$log" 2>/dev/null)
h2=$(grep -c '^10\.0\.1\.10:[0-9]* "[A-Z]* [^ ]* HTTP/2\.0" ' "$log" 2>/dev/null)
if [ "${h1:-0}" -eq 0 ] && [ "${h2:-0}" -eq 0 ]; then
  echo "The web server has not had a request from your laptop yet: curl -v http://www.lab.test/hello.txt"
  exit 1
fi
if [ "${h2:-0}" -eq 0 ]; then
  echo "The web server saw HTTP/1.1 from you, no HTTP/2 yet: curl -s --cacert /etc/syslab/lab.crt https://www.lab.test/whoami"
  exit 1
fi
if [ "${h1:-0}" -eq 0 ]; then
  echo "The web server saw HTTP/2 from you, no HTTP/1.1 yet: curl -s http://www.lab.test/whoami"
  exit 1
fi
exit 0

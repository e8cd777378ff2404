#!/bin/sh
curl -s http://www.lab.test/hello.txt >/dev/null
curl -s --cacert /etc/syslab/lab.crt https://www.lab.test/whoami >/dev/null
exit 0

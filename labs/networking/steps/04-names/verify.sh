#!/bin/sh
# Done when ~/shop.txt holds both answers for shop.lab.test (10.0.2.80 from
# /etc/hosts via getent, 10.0.2.88 from DNS via dig), and ~/resolve.trace
# (strace of getent) shows getaddrinfo reading /etc/hosts and connecting to
# the lab's DNS server on port 53.
home="${HOME:-/home/learner}"
if [ ! -s "$home/shop.txt" ]; then
  echo "There is no ~/shop.txt yet: getent hosts shop.lab.test > ~/shop.txt, then dig +short shop.lab.test >> ~/shop.txt"
  exit 1
fi
if ! grep -q '10\.0\.2\.80' "$home/shop.txt"; then
  echo "~/shop.txt lacks the /etc/hosts answer (10.0.2.80): getent hosts shop.lab.test >> ~/shop.txt"
  exit 1
fi
if ! grep -q '10\.0\.2\.88' "$home/shop.txt"; then
  echo "~/shop.txt lacks the DNS answer (10.0.2.88): dig +short shop.lab.test >> ~/shop.txt"
  exit 1
fi
trace="$home/resolve.trace"
if [ ! -s "$trace" ]; then
  echo "Now trace getaddrinfo: strace -o ~/resolve.trace -e trace=openat,connect,sendto,recvfrom getent ahostsv4 www.lab.test"
  exit 1
fi
if ! grep -q 'openat(.*"/etc/hosts"' "$trace" || ! grep -q 'connect(.*htons(53).*10\.0\.2\.53' "$trace"; then
  echo "~/resolve.trace does not show /etc/hosts being read and a connect to 10.0.2.53 port 53: trace getent ahostsv4 www.lab.test (a name that is not in /etc/hosts)"
  exit 1
fi
exit 0

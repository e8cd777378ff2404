#!/bin/sh
cd "$HOME" || exit 1
getent hosts shop.lab.test > shop.txt
dig +short shop.lab.test >> shop.txt
strace -o resolve.trace -e trace=openat,connect,sendto,recvfrom getent ahostsv4 www.lab.test >/dev/null
exit 0

#!/bin/sh
# Done when the learner's neighbour table holds the printer (10.0.1.20) with
# a MAC address (flags 0x2: complete), learned by ARP, and an entry for
# 10.0.1.99 without one (flags 0x0: asked, never answered). /proc/net/arp is
# the kernel's IPv4 neighbour table for this host's network namespace.
printer=$(awk '$1 == "10.0.1.20" { print $3 }' /proc/net/arp)
nobody=$(awk '$1 == "10.0.1.99" { print $3 }' /proc/net/arp)
if [ "$printer" != 0x2 ]; then
  echo "Your neighbour table has no MAC address for the printer yet: ping -c 3 10.0.1.20, then ip neigh"
  exit 1
fi
if [ -z "$nobody" ]; then
  echo "The printer is in your neighbour table. Now try an address no host owns: ping -c 2 -W 1 10.0.1.99, then ip neigh"
  exit 1
fi
if [ "$nobody" != 0x0 ]; then
  echo "10.0.1.99 answered ARP, which it should not: run ip neigh and look at its line"
  exit 1
fi
exit 0

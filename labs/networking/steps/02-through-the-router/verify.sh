#!/bin/sh
# Runs on the router (lab.yaml: host: router). Done when the router has
# forwarded packets (Ip ForwDatagrams in /proc/net/snmp) and learned www's MAC
# address by ARP on its dc side: both happen only when something from the
# home subnet was sent to www through it.
forwarded=$(awk '/^Ip:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "ForwDatagrams") c = i; h = 1 } else print $c }' /proc/net/snmp)
www=$(awk '$1 == "10.0.2.80" { print $3 }' /proc/net/arp)
if [ "${forwarded:-0}" -eq 0 ]; then
  echo "The router has not forwarded a single packet yet: send something to www through it, ping -c 3 10.0.2.80"
  exit 1
fi
if [ "$www" != 0x2 ]; then
  echo "The router forwarded $forwarded packets, but none to www: ping -c 3 10.0.2.80"
  exit 1
fi
exit 0

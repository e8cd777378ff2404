#!/bin/sh
# Done when ~/aslr-on.txt holds at least two runs of layout with different
# stack addresses, and ~/aslr-off.txt at least two runs whose text, heap,
# mmap and stack addresses are all identical (ASLR off: text at 0x5555555…).
h=${HOME:-/home/learner}
on="$h/aslr-on.txt"; off="$h/aslr-off.txt"
runs() { if [ -r "$1" ]; then awk '$1 == "stack" {n++} END {print n + 0}' "$1"; else echo 0; fi; }
distinct() { awk -v l="$2" '$1 == l {print $2}' "$1" 2>/dev/null | sort -u | wc -l; }
if [ "$(runs "$on")" -lt 2 ]; then
  echo "~/aslr-on.txt does not hold two runs yet: run ./layout --once | tee -a ~/aslr-on.txt twice."
  exit 1
fi
if [ "$(distinct "$on" stack)" -lt 2 ]; then
  echo "The runs in ~/aslr-on.txt all have the same stack address: were they made with setarch -R? Remove the file and run ./layout --once | tee -a ~/aslr-on.txt twice, without setarch."
  exit 1
fi
if [ ! -s "$off" ] || [ "$(runs "$off")" -lt 2 ]; then
  echo "~/aslr-off.txt does not hold two runs yet: run setarch -R ./layout --once | tee -a ~/aslr-off.txt twice."
  exit 1
fi
for label in text heap mmap stack; do
  if [ "$(distinct "$off" $label)" -ne 1 ]; then
    echo "The $label addresses in ~/aslr-off.txt differ between runs, so ASLR was on for some: remove the file (rm ~/aslr-off.txt) and make both runs with setarch -R ./layout --once."
    exit 1
  fi
done
case $(awk '$1 == "text" {print $2; exit}' "$off") in
  0x5555555*) exit 0 ;;
esac
echo "The runs in ~/aslr-off.txt agree, but text is not near 0x555555554000 as it is without ASLR: make them with setarch -R ./layout --once."
exit 1

#!/bin/sh
cd "$HOME" || exit 1
# The PID from ss's process column: users:(("python3",pid=NN,fd=3))
squatter=$(ss -Hltnp 'sport = :8080' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$squatter" ] && kill "$squatter"
i=0
while ss -Hltn 'sport = :8080' | grep -q . && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
make -s storefront >/dev/null || exit 1
./storefront </dev/null >>storefront.log 2>&1 &
i=0
until ss -Hltnp 'sport = :8080' | grep -q storefront || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
exit 0

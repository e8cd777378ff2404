#!/bin/sh
# PIPESTATUS is bash's; run the two pipelines in bash.
cd "$HOME" || exit 1
bash -c 'yes | head -n 1 >/dev/null; echo "${PIPESTATUS[@]}" > ~/pipestatus.txt
         (trap "" PIPE; yes 2>/dev/null) | head -n 1 >/dev/null; echo "${PIPESTATUS[@]}" >> ~/pipestatus.txt'

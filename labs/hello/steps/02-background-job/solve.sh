#!/bin/sh
# Stdio detached: whatever runs this script reads its output until every writer
# has closed it, and a sleep still holding stdout would keep it waiting.
sleep 1000 </dev/null >/dev/null 2>&1 &

#!/bin/sh
echo 'hello, shell' > "${HOME:-/home/learner}/hello.txt"

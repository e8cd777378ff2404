#!/bin/sh
# Break things: the scenario lives in ~/bin/incident, so the learner can run
# it again (incident pipe) to start this step over.
exec "${HOME:-/home/learner}/bin/incident" pipe >/dev/null

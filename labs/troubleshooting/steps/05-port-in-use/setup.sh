#!/bin/sh
# Break things: the scenario lives in ~/bin/incident, so the learner can run
# it again (incident port) to start this step over.
exec "${HOME:-/home/learner}/bin/incident" port >/dev/null

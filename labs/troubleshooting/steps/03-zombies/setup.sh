#!/bin/sh
# Break things: the scenario lives in ~/bin/incident, so the learner can run
# it again (incident zombies) to start this step over.
exec "${HOME:-/home/learner}/bin/incident" zombies >/dev/null

#!/usr/bin/env bash
# kill -9 tally: kills fit, occupancy and nerf runs (--checkpoint-every) with SIGKILL at random
# moments, some as a checkpoint is being written, and checks that the output directory always holds
# a whole state that --resume continues to the bytes of a run never killed; then, as root, a tmpfs
# that fills up mid-run and one remounted read-only, and two runs started on one directory.
#
#   bench/kill9.sh [KILLS] [fit|occupancy|nerf ...]     (default: 20 kills each of all three)
#
# Environment: KILL9_WORK (where the runs write; default a new directory under /tmp), KILL9_SEED
# (the random moments; default 1). Prints a tally per kind; exits 1 if any check failed. Takes
# about 15 minutes for the default on a 2-core machine. See bench/kill9.py for what is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
# The launcher builds the jars when they are missing or older than the sources.
./sl2a --version >/dev/null
exec python3 bench/kill9.py "$@"

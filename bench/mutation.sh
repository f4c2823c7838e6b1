#!/usr/bin/env bash
# Mutation testing with PIT over nn, tasks and the cpu backend's host code; prints the scores.
#
#   bench/mutation.sh            (about 15-25 minutes on 2 cores)
#
# Reports: <module>/target/pit-reports/index.html; surviving mutants: target/mutation-survivors.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
./mvnw -B -q -Pmutation verify -pl tornado-kernels,cpu-backend,opencl-backend,nn,tasks "$@"
python3 scripts/mutation-score.py .

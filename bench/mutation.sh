#!/usr/bin/env bash
# Mutation testing with PIT over tornado-kernels, both backends' host code, nn and tasks; prints the score of each package.
#
#   bench/mutation.sh            (over an hour on 2 cores; one module: add -pl MODULE -am, see docs/testing.md)
#
# Reports: <module>/target/pit-reports/index.html; surviving mutants: target/mutation-survivors.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
./mvnw -B -q -Pmutation verify -pl tornado-kernels,cpu-backend,opencl-backend,nn,tasks "$@"
python3 scripts/mutation-score.py .

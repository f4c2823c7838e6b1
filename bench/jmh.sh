#!/usr/bin/env bash
# JMH benchmarks of the CPU backend's kernels.
#
#   bench/jmh.sh [REGEX] [JMH ARGS...]
#
# REGEX selects benchmarks (e.g. MatMul, 'LayerNorm.*', Sgemm); JMH arguments are JMH's own
# (-p gemm=OPENBLAS, -p shape=rowsx128x256, -rf json -rff out.json, -prof gc, -l to list, -h).
# Short defaults unless given: -f 1 -wi 2 -i 3 -w 2s -r 2s. After JMH's own output a summary
# prints each kernel's time with GFLOP/s (products) and GB/s (compulsory memory traffic).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-env.sh

regex=()
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  regex=("$1")
  shift
fi

defaults=()
add_default() { # flag value: added unless the caller gave the flag
  local arg
  for arg in "${user_args[@]}"; do
    [ "$arg" = "$1" ] && return 0
  done
  defaults+=("$1" "$2")
}
user_args=("$@")
add_default -f 1
add_default -wi 2
add_default -i 3
add_default -w 2s
add_default -r 2s

exec java "${SL2A_JAVA_OPTS[@]}" -cp "$SL2A_BENCH_CP" io.sl2a.bench.jmh.JmhRunner \
  "${defaults[@]}" "$@" "${regex[@]}"

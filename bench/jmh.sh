#!/usr/bin/env bash
# JMH benchmarks of the CPU backend's kernels.
#
#   bench/jmh.sh [REGEX] [JMH ARGS...]
#
# REGEX selects benchmarks (e.g. MatMul, 'LayerNorm.*', Sgemm); JMH arguments are JMH's own
# (-p gemm=OPENBLAS, -p shape=rowsx128x256, -rf json -rff out.json, -prof gc, -l to list, -h).
# Short defaults unless given: -f 1 -wi 2 -i 3 -w 2s -r 2s. After JMH's own output a summary
# prints each kernel's time with GFLOP/s (products) and GB/s (compulsory memory traffic).
#
# Backends: -p backend=cpu (default), opencl, tornado (or a list: -p backend=cpu,opencl,tornado).
# With tornado among them (or JMH_TORNADO=1) the forked JVMs get TornadoVM's options
# (-jvmArgsPrepend) and the tornado-backend jar: TORNADOVM_HOME must be set. The device of
# opencl/tornado: SL2A_BENCH_DEVICE (index or name fragment).
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

tornado=${JMH_TORNADO:-0}
for arg in "$@"; do
  [[ "$arg" == backend=*tornado* ]] && tornado=1
done
prepend=()
if [ "$tornado" = 1 ]; then
  # The host JVM only runs JMH (the tornado-backend jar on its class path, which the forks inherit);
  # the forks load the backend, so they get TornadoVM's options.
  sl2a_bench_java_args tornado || exit 2
  SL2A_RUN_ARGS=("${SL2A_JAVA_OPTS[@]}" -cp "$SL2A_BENCH_CP:$(sl2a_bench_tornado_jar)")
  prepend+=("${SL2A_TORNADO_JVM[@]}")
else
  sl2a_bench_java_args cpu
fi
[ -n "${SL2A_BENCH_DEVICE:-}" ] && prepend+=("-Dsl2a.bench.device=$SL2A_BENCH_DEVICE")
fork_args=()
# JMH splits the value at spaces into separate arguments of the forked java (an @argfile stays one).
[ ${#prepend[@]} -gt 0 ] && fork_args=(-jvmArgsPrepend "${prepend[*]}")

exec java "${SL2A_RUN_ARGS[@]}" io.sl2a.bench.jmh.JmhRunner \
  "${defaults[@]}" "${fork_args[@]}" "$@" "${regex[@]}"

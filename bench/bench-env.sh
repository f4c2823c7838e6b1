# Sourced by bench/jmh.sh and bench/end-to-end.sh (from the repository root): selects JDK 25,
# builds the modules the benchmarks need when the bench jar is missing or older than any source,
# and sets SL2A_BENCH_CP and SL2A_JAVA_OPTS.

# shellcheck source=../scripts/build-env.sh
source scripts/build-env.sh || return 1

SL2A_BENCH_MODULES="tornado-kernels,nn,tasks,bench"

sl2a_bench_jar() {
  ls bench/target/sl2a-bench-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1
}

sl2a_bench_stale() {
  local jar
  jar=$(sl2a_bench_jar)
  [ -z "$jar" ] && return 0
  [ -d bench/target/lib ] || return 0
  [ -n "$(find pom.xml tornado-kernels nn tasks bench \( -name target -prune \) -o \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -type f -newer "$jar" -print -quit)" ]
}

sl2a_bench_build() {
  if ! sl2a_bench_stale; then
    return 0
  fi
  echo "bench: building $SL2A_BENCH_MODULES ..." >&2
  local log ok=0
  log=$(mktemp)
  if ./mvnw -q -B -o install -Dmaven.test.skip=true -pl "$SL2A_BENCH_MODULES" >"$log" 2>&1; then
    ok=1
  elif grep -q -i -e 'offline' -e 'could not resolve' -e 'not been downloaded' "$log"; then
    # A dependency is not yet in the local repository: try once online.
    ./mvnw -q -B install -Dmaven.test.skip=true -pl "$SL2A_BENCH_MODULES" >"$log" 2>&1 && ok=1
  fi
  if [ "$ok" = 0 ]; then
    grep -v '^WARNING' "$log" | grep -e ERROR -e error | head -n 20 >&2
    rm -f "$log"
    if [ -n "$(sl2a_bench_jar)" ] && [ -d bench/target/lib ]; then
      echo "bench: build failed; running the previous build in bench/target (older than the sources)" >&2
      return 0
    fi
    echo "bench: build failed" >&2
    return 1
  fi
  rm -f "$log"
}

sl2a_bench_build || return 1
SL2A_BENCH_CP="$(sl2a_bench_jar):bench/target/lib/*"
SL2A_JAVA_OPTS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
export SL2A_BENCH_CP

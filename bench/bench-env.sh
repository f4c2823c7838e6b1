# Sourced by bench/jmh.sh and bench/end-to-end.sh (from the repository root): selects JDK 25,
# builds the modules the benchmarks need when the bench jar is missing or older than any source,
# and sets SL2A_BENCH_CP and SL2A_JAVA_OPTS. With TORNADOVM_HOME set (source its setvars.sh), the
# build uses -Ptornado and includes tornado-backend, and sl2a_bench_java_args gives a run on the
# tornado backend TornadoVM's JVM options and the tornado-backend jar.

# shellcheck source=../scripts/build-env.sh
source scripts/build-env.sh || return 1

SL2A_BENCH_MODULES="tornado-kernels,cpu-backend,opencl-backend,nn,tasks,bench"
SL2A_BENCH_PROFILE=()
SL2A_BENCH_TORNADO=0
if [ -n "${TORNADOVM_HOME:-}" ] && [ -f "$TORNADOVM_HOME/tornado-argfile" ]; then
  SL2A_BENCH_TORNADO=1
  SL2A_BENCH_MODULES="tornado-kernels,cpu-backend,opencl-backend,tornado-backend,nn,tasks,bench"
  SL2A_BENCH_PROFILE=(-Ptornado)
fi

sl2a_bench_tornado_jar() {
  ls tornado-backend/target/sl2a-tornado-backend-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1
}

sl2a_bench_jar() {
  ls bench/target/sl2a-bench-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1
}

sl2a_bench_stale() {
  local jar
  jar=$(sl2a_bench_jar)
  [ -z "$jar" ] && return 0
  [ -d bench/target/lib ] || return 0
  local dirs=(tornado-kernels cpu-backend opencl-backend nn tasks bench)
  if [ "$SL2A_BENCH_TORNADO" = 1 ]; then
    [ -n "$(sl2a_bench_tornado_jar)" ] || return 0
    dirs+=(tornado-backend)
  fi
  [ -n "$(find pom.xml "${dirs[@]}" \( -name target -prune \) -o \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -type f -newer "$jar" -print -quit)" ]
}

sl2a_bench_build() {
  if ! sl2a_bench_stale; then
    return 0
  fi
  echo "bench: building $SL2A_BENCH_MODULES ..." >&2
  local log ok=0
  log=$(mktemp)
  if ./mvnw -q -B -o install -Dmaven.test.skip=true "${SL2A_BENCH_PROFILE[@]}" -pl "$SL2A_BENCH_MODULES" >"$log" 2>&1; then
    ok=1
  elif grep -q -i -e 'offline' -e 'could not resolve' -e 'not been downloaded' "$log"; then
    # A dependency is not yet in the local repository: try once online.
    ./mvnw -q -B install -Dmaven.test.skip=true "${SL2A_BENCH_PROFILE[@]}" -pl "$SL2A_BENCH_MODULES" >"$log" 2>&1 && ok=1
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
  # Maven leaves a jar whose content did not change as it was: mark this build as the newest.
  touch "$(sl2a_bench_jar)"
}

sl2a_bench_build || return 1
SL2A_BENCH_CP="$(sl2a_bench_jar):bench/target/lib/*"
SL2A_JAVA_OPTS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
export SL2A_BENCH_CP

# JOCL opens libOpenCL.so: point it at the runtime's libOpenCL.so.1 where only that is installed.
# shellcheck source=../scripts/opencl-loader.sh
[ -f scripts/opencl-loader.sh ] && source scripts/opencl-loader.sh

# TornadoVM's JVM options (as ./sl2a --tornado): a kernel that does not compile fails instead of running as Java.
SL2A_TORNADO_JVM=()
if [ "$SL2A_BENCH_TORNADO" = 1 ]; then
  SL2A_TORNADO_JVM=("@$TORNADOVM_HOME/tornado-argfile" -Dtornado.recover.bailout=False)
fi

# sl2a_bench_java_args BACKEND: sets SL2A_RUN_ARGS, the java arguments before the main class (JVM
# options and -cp) for a run on BACKEND; for tornado, TornadoVM's options and the tornado-backend jar.
sl2a_bench_java_args() {
  local cp=$SL2A_BENCH_CP
  SL2A_RUN_ARGS=()
  if [ "$1" = tornado ]; then
    if [ "$SL2A_BENCH_TORNADO" != 1 ] || [ -z "$(sl2a_bench_tornado_jar)" ]; then
      echo "bench: the tornado backend needs TornadoVM: set TORNADOVM_HOME (source its setvars.sh); the bench build then adds tornado-backend (-Ptornado)" >&2
      return 1
    fi
    SL2A_RUN_ARGS=("${SL2A_TORNADO_JVM[@]}")
    cp="$cp:$(sl2a_bench_tornado_jar)"
  fi
  SL2A_RUN_ARGS+=("${SL2A_JAVA_OPTS[@]}" -cp "$cp")
}

#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every file parser, each target for a set time; prints, per
# target, the inputs tried and the failures found.
#
#   bench/fuzz.sh                  60 s per target (15 targets: about 20 minutes on 2 cores)
#   bench/fuzz.sh 120              120 s per target
#   bench/fuzz.sh 30 npy ply       only these targets (method names of the *FuzzTargets classes)
#
# A failure is an input that breaks the contract of tasks/src/test/java/io/sl2a/tasks/io/FuzzContract.java
# (anything but a one-line refusal with exit code 2, or too much memory for the input's size). Jazzer
# keeps each in the target's corpus directory, tasks/src/test/resources/io/sl2a/tasks/<package>/
# <Class>Inputs/<target>/, named crash-<sha1> (or timeout-...), where FuzzCorpusReplayTest replays it
# with every test run: fix the parser, give the file a name that says what it holds, and commit it.
# Jazzer's generated corpus grows in tasks/.cifuzz-corpus/ (not committed); logs in tasks/target/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh

SECONDS_PER_TARGET="${1:-60}"
shift || true
ONLY=("$@")

TARGETS=(
  image/ImageFuzzTargets#image
  image/ImageFuzzTargets#npy
  inverse/MaskFuzzTargets#mask
  volume/MeshFuzzTargets#off
  volume/MeshFuzzTargets#ply
  volume/MeshFuzzTargets#obj
  nerf/NerfFuzzTargets#transforms
  nerf/NerfFuzzTargets#rgbaPng
  nerf/NerfFuzzTargets#checkpoint
  nerf/NerfFuzzTargets#runState
  fit/CheckpointFuzzTargets#model
  fit/CheckpointFuzzTargets#trainingState
  fit/CheckpointFuzzTargets#occupancy
  cli/CliFilesFuzzTargets#modelConfig
  cli/CliFilesFuzzTargets#poses
)

LOGS=tasks/target/fuzz
AGENT="$PWD/$LOGS/class-version-agent.jar"
RESOURCES=tasks/src/test/resources/io/sl2a/tasks
mkdir -p "$LOGS/agent-classes"

# Jazzer 0.24.0 cannot read JDK 25 class files for its coverage instrumentation; this agent
# relabels them (see its comment). Without it Jazzer still runs, but blind.
javac --release 25 -d "$LOGS/agent-classes" bench/fuzz/ClassVersionAgent.java
printf 'Premain-Class: ClassVersionAgent\nCan-Retransform-Classes: true\nCan-Redefine-Classes: true\n' \
  > "$LOGS/agent-manifest.txt"
jar --create --file "$AGENT" --manifest "$LOGS/agent-manifest.txt" -C "$LOGS/agent-classes" .

# The modules tasks depends on, then tasks' test classes (offline first, then online once).
build() {
  ./mvnw -B -q -o "$@" || ./mvnw -B -q "$@"
}
build -pl tornado-kernels,cpu-backend,opencl-backend,nn install -DskipTests
build -pl tasks test-compile

printf '%-28s %8s %12s %10s %9s\n' target seconds inputs inputs/s failures > "$LOGS/summary.txt"
for entry in "${TARGETS[@]}"; do
  package="${entry%%/*}"
  test="${entry#*/}"
  class="${test%#*}"
  method="${test#*#}"
  if [ "${#ONLY[@]}" -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $method "* ]]; then
    continue
  fi
  corpus="$RESOURCES/$package/${class}Inputs/$method"
  before=$(ls "$corpus" | grep -cE '^(crash|timeout|slow-unit|oom)-' || true)
  log="$LOGS/$class-$method.log"
  echo "fuzzing $class#$method for ${SECONDS_PER_TARGET}s ..." >&2
  # keep_going: go on after a finding (Jazzer stops at the first distinct one otherwise); -timeout:
  # an input that takes 10 s is a finding; the arguments after arg.0 (argv[0]) go to libFuzzer.
  JAZZER_FUZZ=1 JAZZER_KEEP_GOING=1000 ./mvnw -B -o -pl tasks surefire:test \
    -Dtest="io.sl2a.tasks.$package.$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsl2a.fuzz.agent="$AGENT" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=$SECONDS_PER_TARGET" \
    -Djazzer.internal.arg.2=-timeout=10 > "$log" 2>&1 || true
  runs=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | grep -oE '[0-9]+' | head -1 || true)
  took=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | grep -oE '[0-9]+' | tail -1 || true)
  after=$(ls "$corpus" | grep -cE '^(crash|timeout|slow-unit|oom)-' || true)
  found=$((after - before))
  if [ -z "$runs" ]; then
    # libFuzzer stopped before its summary (a crash of the JVM, or a finding without keep_going).
    runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
    took="$SECONDS_PER_TARGET"
  fi
  rate=$(( ${runs:-0} / (${took:-1} > 0 ? ${took:-1} : 1) ))
  printf '%-28s %8s %12s %10s %9s\n' "$method" "${took:-?}" "${runs:-?}" "$rate" "$found" >> "$LOGS/summary.txt"
done
cat "$LOGS/summary.txt"
echo "findings (if any): crash-*/timeout-* files under $RESOURCES/*/*Inputs/; logs: $LOGS/" >&2

#!/usr/bin/env bash
# The rehearsal of the GPU run here: bench/gpu/run.sh from a copy of what the device receives (the
# working tree's tracked and unignored files plus the bundle), in a clean environment (no JAVA_HOME,
# no TORNADOVM_HOME, no Maven, and a java, javac or mvn on the PATH that fails the run if called),
# on this machine's OpenCL (PoCL), with PyTorch on the CPU and smaller sizes. Fails unless every step
# of the run passed and what it wrote fits the device tool's limits (8 files).
#
#   bench/gpu/dry-run.sh        (TORNADOVM_HOME set; makes the bundle first when it is missing or stale)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

bundle=bench/target/gpu-bundle
if [ ! -f "$bundle/MANIFEST.txt" ] || [ -n "$(find bench/gpu pom.xml ./*/src/main ./*/pom.xml -newer "$bundle/MANIFEST.txt" -type f -print -quit 2>/dev/null)" ]; then
  bench/gpu/bundle.sh
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree="$tmp/tree"
mkdir -p "$tree/bench/target" "$tmp/trap-bin" "$tmp/out"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && mkdir -p "$tree/$(dirname "$f")" && cp -p "$f" "$tree/$f"
done
cp -r "$bundle" "$tree/bench/target/gpu-bundle"
for tool in java javac jlink mvn mvnw; do
  printf '#!/bin/sh\necho "dry-run: the run called this machine'"'"'s %s, which the device does not have" >&2\nexit 99\n' "$tool" >"$tmp/trap-bin/$tool"
  chmod +x "$tmp/trap-bin/$tool"
done

echo "dry-run: bench/gpu/run.sh in $tree, clean environment, PoCL, PyTorch on the CPU" >&2
t0=$(date +%s)
env -i HOME="$tmp" PATH="$tmp/trap-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" LANG=C.UTF-8 \
  OUT="$tmp/out" WORK="$tmp/work" TORCH_DEVICE=cpu PYTHON=/usr/bin/python3 \
  SIZE=${SIZE:-128} EPOCHS=${EPOCHS:-1} ROWS=${ROWS:-2048} SGEMM_N=${SGEMM_N:-1024} STEP_TIMEOUT=${STEP_TIMEOUT:-400} BUDGET=${BUDGET:-2400} \
  JMH_ARGS="${JMH_ARGS:--f 1 -wi 0 -i 1 -w 1s -r 1s}" \
  bash "$tree/bench/gpu/run.sh"
seconds=$(($(date +%s) - t0))

mkdir -p "$root/bench/target/gpu-dry-run"
rm -rf "$root/bench/target/gpu-dry-run"/*
cp "$tmp/out"/* "$root/bench/target/gpu-dry-run/"
files=$(find "$tmp/out" -type f | wc -l)
failed=$(/usr/bin/python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(" ".join(s["step"] for s in r["steps"] if s["status"] != "ok"))' "$tmp/out/results.json")
if grep -q '^dry-run: the run called' "$tmp/out/log.txt"; then
  echo "dry-run: FAILED: the run needed a tool the device does not have ($(grep -m1 '^dry-run: the run called' "$tmp/out/log.txt"))" >&2
  exit 1
fi
if [ -n "$failed" ]; then
  echo "dry-run: FAILED steps: $failed (log: bench/target/gpu-dry-run/log.txt)" >&2
  exit 1
fi
if [ "$files" -gt 8 ]; then
  echo "dry-run: FAILED: the run wrote $files files to OUT; the device tool brings back 8" >&2
  exit 1
fi
echo "dry-run: passed in $seconds s: every step ok, $files files (bench/target/gpu-dry-run)" >&2

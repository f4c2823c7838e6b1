#!/usr/bin/env bash
# End-to-end training throughput, sl2a (Java, CPU backend) against the PyTorch reference.
#
#   bench/end-to-end.sh [--model NAME] [IMAGE] [EPOCHS]   (defaults: sl2a, samples/astronaut.png, 4)
#
# --model trains that model (any of `sl2a models`) on both sides at its own batch, learning rate,
# width, layers and degree (its spec's, read from the model registry, unless BATCH, LR, WIDTH,
# LAYERS or DEGREE say otherwise).
# Runs, one after the other: SgemmPeak (OpenBLAS sgemm GFLOP/s at 2048^3, the machine's
# ceiling), TrainingThroughput (Java, --gemm auto) and reference/train_reference.py (PyTorch)
# with the same image, configuration, batch, epochs and threads, then prints a table.
# Environment: THREADS (default nproc), BATCH DEGREE WIDTH LAYERS RANK LR SEED (reference
# defaults), WARMUP (Java warm-up epochs, default 1; the reference always runs one),
# GRID (on|off, default on: the Java side's grid path, as `sl2a fit` trains images),
# BACKENDS (space-separated Java backends to run, default "cpu"; e.g. "cpu opencl tornado": tornado
# needs TORNADOVM_HOME, see bench-env.sh), DEVICE (opencl/tornado device),
# PYTORCH (on|off, default on: off skips the reference run),
# SL2A_BENCH_OUT (where the JSON results go, default bench/target/end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=sl2a
if [ "${1:-}" = "--model" ]; then
  MODEL=${2:?--model needs a name}
  shift 2
fi
source bench/bench-env.sh
java_run() { # BACKEND MAIN-CLASS ARGS...
  local backend=$1
  shift
  sl2a_bench_java_args "$backend" || return 1
  java "${SL2A_RUN_ARGS[@]}" "$@"
}

# The model's training defaults and shape, from its spec in the registry.
model_settings=$(java_run cpu io.sl2a.bench.ModelDefaults "$MODEL") || { echo "end-to-end: unknown model $MODEL" >&2; exit 2; }
eval "$model_settings"

IMAGE=${1:-samples/astronaut.png}
EPOCHS=${2:-4}
THREADS=${THREADS:-$(nproc)}
BATCH=${BATCH:-$model_batch}
DEGREE=${DEGREE:-${model_degree:-256}}
WIDTH=${WIDTH:-${model_width:-256}}
LAYERS=${LAYERS:-${model_layers:-3}}
RANK=${RANK:-128}
LR=${LR:-$model_lr}
SEED=${SEED:-0}
WARMUP=${WARMUP:-1}
GRID=${GRID:-on}
OUT=${SL2A_BENCH_OUT:-bench/target/end-to-end}
PYTHON=/usr/bin/python3

if [ ! -f "$IMAGE" ]; then
  echo "end-to-end: no image $IMAGE" >&2
  exit 2
fi

mkdir -p "$OUT"
BACKENDS=${BACKENDS:-cpu}
DEVICE=${DEVICE:-}
rm -f "$OUT"/sgemm.json "$OUT"/java-*.json "$OUT"/pytorch*.json

have_torch=1
if [ "${PYTORCH:-on}" = off ]; then
  have_torch=0
elif ! "$PYTHON" -c 'import torch, numpy, PIL' >/dev/null 2>&1; then
  have_torch=0
  echo "end-to-end: $PYTHON cannot import torch (the PyTorch run is skipped): apt-get install python3-torch libopenblas0-pthread" >&2
fi

config=(--batch "$BATCH" --degree "$DEGREE" --width "$WIDTH" --layers "$LAYERS" --rank "$RANK"
        --lr "$LR" --seed "$SEED" --threads "$THREADS" --model "$MODEL")

echo "== sgemm peak: 2048^3, $THREADS threads" >&2
if ! java_run cpu io.sl2a.bench.SgemmPeak --threads "$THREADS" --impl openblas 2>/dev/null | tail -n 1 >"$OUT/sgemm.json" \
    || [ ! -s "$OUT/sgemm.json" ]; then
  echo "end-to-end: OpenBLAS not found, the peak is the Java sgemm's (apt-get install libopenblas0-pthread)" >&2
  java_run cpu io.sl2a.bench.SgemmPeak --threads "$THREADS" --impl java 2>/dev/null | tail -n 1 >"$OUT/sgemm.json"
fi
cat "$OUT/sgemm.json" >&2

for backend in $BACKENDS; do
  echo "== sl2a-java ($backend): $IMAGE, $EPOCHS epochs (+$WARMUP warm-up), $THREADS threads, grid $GRID" >&2
  device_args=()
  [ "$backend" != cpu ] && [ -n "$DEVICE" ] && device_args=(--device "$DEVICE")
  java_run "$backend" io.sl2a.bench.TrainingThroughput "$IMAGE" --epochs "$EPOCHS" --warmup "$WARMUP" --gemm auto --grid "$GRID" \
    --backend "$backend" "${device_args[@]}" "${config[@]}" \
    | tail -n 1 >"$OUT/java-$backend.json"
  cat "$OUT/java-$backend.json" >&2
done

if [ "$have_torch" = 1 ]; then
    # Three settings: 1 thread throughout, 1 torch thread with OpenBLAS on every core (often torch's
  # fastest here: its small elementwise kernels stay on one thread), every thread throughout.
  for setting in "1 1" "1 $THREADS" "$THREADS $THREADS"; do
    set -- $setting
    name="$1-$2"
    [ -f "$OUT/pytorch-$name.json" ] && continue
    echo "== pytorch reference: $IMAGE, $EPOCHS epochs (+1 warm-up), $1 torch threads, $2 OpenBLAS threads" >&2
    "$PYTHON" reference/train_reference.py "$IMAGE" --epochs "$EPOCHS" "${config[@]}" --threads "$1" --blas-threads "$2" \
      | tail -n 1 >"$OUT/pytorch-$name.json"
    cat "$OUT/pytorch-$name.json" >&2
  done
fi

# The table needs only the standard library: any python3 will do.
TABLE_PYTHON=$PYTHON
[ -x "$TABLE_PYTHON" ] || TABLE_PYTHON=python3
"$TABLE_PYTHON" bench/compare.py "$OUT"

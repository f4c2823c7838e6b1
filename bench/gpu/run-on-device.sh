#!/usr/bin/env bash
# Runs on a GPU machine without Java (after bench/gpu/bundle.sh, carrying bench/target/gpu-bundle):
# the Java trainer on the opencl backend through the vendor's OpenCL driver, then, in the same
# command, the PyTorch reference on CUDA, same image, configuration, batch and epochs; prints
# the comparison table.   bench/gpu/run-on-device.sh [IMAGE] [EPOCHS]   (DEVICE picks the OpenCL device)
set -euo pipefail
cd "$(dirname "$0")/../.."
IMAGE=${1:-samples/astronaut.png}
EPOCHS=${2:-20}
OUT=${OUT:-bench/target/gpu-run}
bundle=bench/target/gpu-bundle
mkdir -p "$OUT"
rm -f "$OUT"/*.json
source scripts/opencl-loader.sh
if [ ! -x "$bundle/runtime/bin/java" ]; then
  tar -C "$bundle" -xJf "$bundle/runtime.tar.xz"
fi

config=(--batch 16384 --degree 256 --width 256 --layers 3 --rank 128 --lr 1e-3 --seed 0)
device_args=()
[ -n "${DEVICE:-}" ] && device_args=(--device "$DEVICE")

echo "== sl2a-java (opencl): $IMAGE, $EPOCHS epochs" >&2
"$bundle/runtime/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$bundle/lib/*" \
  io.sl2a.bench.TrainingThroughput "$IMAGE" --epochs "$EPOCHS" --warmup 1 --backend opencl "${device_args[@]}" \
  "${config[@]}" 2> >(grep -v '^WARNING: Using incubator' >&2) | tail -n 1 >"$OUT/java-opencl.json"
cat "$OUT/java-opencl.json" >&2

echo "== pytorch reference (cuda): $IMAGE, $EPOCHS epochs" >&2
python3 reference/train_reference.py "$IMAGE" --epochs "$EPOCHS" --device cuda "${config[@]}" \
  | tail -n 1 >"$OUT/pytorch-cuda.json"
cat "$OUT/pytorch-cuda.json" >&2

python3 bench/compare.py "$OUT"

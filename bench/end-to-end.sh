#!/usr/bin/env bash
# End-to-end training throughput, sl2a (Java, CPU backend) against the PyTorch reference.
#
#   bench/end-to-end.sh [IMAGE] [EPOCHS]        (defaults: samples/astronaut.png, 4)
#
# Runs, one after the other: SgemmPeak (OpenBLAS sgemm GFLOP/s at 2048^3, the machine's
# ceiling), TrainingThroughput (Java, --gemm auto) and reference/train_reference.py (PyTorch)
# with the same image, configuration, batch, epochs and threads, then prints a table.
# Environment: THREADS (default nproc), BATCH DEGREE WIDTH LAYERS RANK LR SEED (reference
# defaults), WARMUP (Java warm-up epochs, default 1; the reference always runs one),
# GRID (on|off, default on: the Java side's grid path, as `sl2a fit` trains images),
# BACKENDS (space-separated Java backends to run, default "cpu"; e.g. "cpu opencl"), DEVICE (opencl device),
# SL2A_BENCH_OUT (where the JSON results go, default bench/target/end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${1:-samples/astronaut.png}
EPOCHS=${2:-4}
THREADS=${THREADS:-$(nproc)}
BATCH=${BATCH:-16384}
DEGREE=${DEGREE:-256}
WIDTH=${WIDTH:-256}
LAYERS=${LAYERS:-3}
RANK=${RANK:-128}
LR=${LR:-1e-3}
SEED=${SEED:-0}
WARMUP=${WARMUP:-1}
GRID=${GRID:-on}
OUT=${SL2A_BENCH_OUT:-bench/target/end-to-end}
PYTHON=/usr/bin/python3

if [ ! -f "$IMAGE" ]; then
  echo "end-to-end: no image $IMAGE" >&2
  exit 2
fi

source bench/bench-env.sh
mkdir -p "$OUT"
BACKENDS=${BACKENDS:-cpu}
DEVICE=${DEVICE:-}
rm -f "$OUT"/sgemm.json "$OUT"/java-*.json "$OUT"/pytorch*.json

have_torch=1
if ! "$PYTHON" -c 'import torch, numpy, PIL' >/dev/null 2>&1; then
  have_torch=0
  echo "end-to-end: $PYTHON cannot import torch (the PyTorch run is skipped): apt-get install python3-torch libopenblas0-pthread" >&2
fi

java_run() {
  java "${SL2A_JAVA_OPTS[@]}" -cp "$SL2A_BENCH_CP" "$@"
}

config=(--batch "$BATCH" --degree "$DEGREE" --width "$WIDTH" --layers "$LAYERS" --rank "$RANK"
        --lr "$LR" --seed "$SEED" --threads "$THREADS")

echo "== sgemm peak: 2048^3, $THREADS threads" >&2
if ! java_run io.sl2a.bench.SgemmPeak --threads "$THREADS" --impl openblas 2>/dev/null | tail -n 1 >"$OUT/sgemm.json" \
    || [ ! -s "$OUT/sgemm.json" ]; then
  echo "end-to-end: OpenBLAS not found, the peak is the Java sgemm's (apt-get install libopenblas0-pthread)" >&2
  java_run io.sl2a.bench.SgemmPeak --threads "$THREADS" --impl java 2>/dev/null | tail -n 1 >"$OUT/sgemm.json"
fi
cat "$OUT/sgemm.json" >&2

for backend in $BACKENDS; do
  echo "== sl2a-java ($backend): $IMAGE, $EPOCHS epochs (+$WARMUP warm-up), $THREADS threads, grid $GRID" >&2
  device_args=()
  [ "$backend" = opencl ] && [ -n "$DEVICE" ] && device_args=(--device "$DEVICE")
  java_run io.sl2a.bench.TrainingThroughput "$IMAGE" --epochs "$EPOCHS" --warmup "$WARMUP" --gemm auto --grid "$GRID" \
    --backend "$backend" "${device_args[@]}" "${config[@]}" \
    | tail -n 1 >"$OUT/java-$backend.json"
  cat "$OUT/java-$backend.json" >&2
done

if [ "$have_torch" = 1 ]; then
  # Debian's torch defaults to one thread, and on 2 shared cores one thread is often the faster:
  # run the reference with 1 thread and with THREADS, and compare with the faster of the two.
  for torch_threads in $(printf '%s\n' 1 "$THREADS" | sort -un); do
    echo "== pytorch reference: $IMAGE, $EPOCHS epochs (+1 warm-up), $torch_threads threads" >&2
    "$PYTHON" reference/train_reference.py "$IMAGE" --epochs "$EPOCHS" "${config[@]}" --threads "$torch_threads" \
      | tail -n 1 >"$OUT/pytorch-$torch_threads.json"
    cat "$OUT/pytorch-$torch_threads.json" >&2
  done
fi

# The table needs only the standard library: any python3 will do.
TABLE_PYTHON=$PYTHON
[ -x "$TABLE_PYTHON" ] || TABLE_PYTHON=python3
"$TABLE_PYTHON" - "$OUT" <<'PY'
import json, os, sys

out = sys.argv[1]

def load(name):
    path = os.path.join(out, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])

sgemm = load("sgemm.json")
java_runs = [run for run in (load(name) for name in sorted(os.listdir(out)) if name.startswith("java-")) if run]
java = next((run for run in java_runs if run["backend"] == "cpu"), java_runs[0] if java_runs else None)
torch_runs = sorted((load(name) for name in os.listdir(out) if name.startswith("pytorch-")),
                    key=lambda run: run["threads"])
if java is None:
    sys.exit("end-to-end: the Java run printed no result")
flops = java["flops_per_sample"]
peak = sgemm["gflops"] if sgemm else None

grid = java.get("grid", False)
rows = []
for run in java_runs:
    where = ("%s threads, %s" % (run["threads"], run["gemm"])) if run["backend"] == "cpu" else run["backend_description"]
    rows.append(("sl2a-java " + run["backend"], run["samples_per_second"], run["seconds_per_epoch"], run["final_psnr"],
                 where + (", grid path" if run.get("grid") else "")))
for torch in torch_runs:
    rows.append(("pytorch " + torch["torch_version"], torch["samples_per_second"], torch["seconds_per_epoch"],
                 torch["final_psnr"], "%s threads, OPENBLAS_NUM_THREADS=%s" % (torch["threads"], torch.get("blas_threads_env"))))

print()
print("%s, %d epochs, batch %d, degree %d, width %d, layers %d, rank %s: %.3f MFLOP per sample (training step)"
      % (java["image"], java["epochs"], java["batch"], java["degree"], java["width"], java["layers"], java["rank"], flops / 1e6))
if peak:
    print("sgemm peak: %.1f GFLOP/s (%s, %d^3, median of %d)" % (peak, sgemm["sgemm"], sgemm["size"], sgemm["runs"]))
print()
header = ("", "samples/s", "s/epoch", "eff. GFLOP/s", "of sgemm peak", "final PSNR", "")
table = [header]
for name, sps, spe, psnr, note in rows:
    gflops = sps * flops / 1e9
    table.append((name, "%.0f" % sps, "%.3f" % spe, "%.1f" % gflops,
                  "%.0f%%" % (100 * gflops / peak) if peak else "-", "%.2f dB" % psnr, note))
widths = [max(len(r[i]) for r in table) for i in range(len(header))]
for r in table:
    print("  ".join(c.ljust(widths[i]) if i in (0, 6) else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip())
print()
for run in java_runs:
    for torch in torch_runs:
        print("java %s / pytorch (%d threads): %.2fx samples/s" % (run["backend"], torch["threads"],
                                                                  run["samples_per_second"] / torch["samples_per_second"]))
    if torch_runs:
        best = max(torch_runs, key=lambda t: t["samples_per_second"])
        print("java %s / fastest pytorch (%d threads): %.2fx samples/s" % (run["backend"], best["threads"],
                                                                          run["samples_per_second"] / best["samples_per_second"]))
for run in java_runs:
    if run is not java:
        print("java %s / java cpu: %.2fx samples/s" % (run["backend"], run["samples_per_second"] / java["samples_per_second"]))
if grid:
    ex = java["executed_gflops"]
    print("sl2a-java grid path: the LA block is tabulated per axis, so it executes %.3f of the %.3f MFLOP per sample:"
          % (java["executed_flops_per_sample"] / 1e6, flops / 1e6))
    print("  %.1f GFLOP/s actually executed%s (GRID=off expands every pixel as PyTorch does)"
          % (ex, " = %.0f%% of sgemm peak" % (100 * ex / peak) if peak else ""))
print("(sl2a-java: median epoch; pytorch: mean over its timed epochs; results in %s)" % out)
PY

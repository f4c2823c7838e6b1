#!/usr/bin/env bash
# The GPU run, one command, from the repository root of a machine that has a GPU, its driver, CUDA
# and PyTorch, but no Java, no TornadoVM, no Maven and no network: everything else comes in the
# bundle that bench/gpu/bundle.sh made (bench/target/gpu-bundle, carried with the working tree).
#
#   OUT=/some/dir bench/gpu/run.sh          (at most BUDGET=330 s of steps, then the report: under 6 minutes)
#
# Steps, each timed and each bounded by its own timeout, so one that hangs or fails costs only its
# own result:
#   unpack    the Java runtime and TornadoVM into WORK (default /tmp/sl2a-gpu); TornadoVM's argument
#             file written for that place
#   probe     nvidia-smi, NVIDIA's OpenCL library and ICD (an ICD file is written where the driver's
#             folder has the library but /etc/OpenCL/vendors has none), libcuda, the devices
#             `sl2a devices` lists (opencl and tornado), PyTorch's device
#   image     samples/astronaut.png resized to SIZE x SIZE (512; Pillow's bicubic)
#   peak      cuBLAS sgemm through PyTorch, FP32 (TF32 off), SGEMM_N^3: the device's ceiling
#   fit-*     per model (sl2a at the reference setting, relu-pe and siren at their defaults): the
#             opencl backend, the tornado backend (TornadoVM's OpenCL backend on NVIDIA's OpenCL
#             driver) and PyTorch eager on TORCH_DEVICE (cuda), the same image, configuration, batch
#             and epochs (EPOCHS after a warm-up epoch): samples/s and the PSNR after the same epochs
#   kernels   the kernel study of bench/backends.sh on opencl and tornado (JMH, ROWS batch rows):
#             ms per call and GFLOP/s or GB/s per kernel against the sgemm peak above
# Writes to OUT (default bench/target/gpu-run), at most 8 files: results.json (every figure and each
# step's seconds and status), report.md, kernels.png, log.txt.
# Environment for the rehearsal (bench/gpu/dry-run.sh): TORCH_DEVICE (cuda), SIZE (512), EPOCHS (5),
# ROWS (16384), SGEMM_N (8192), MODELS ("sl2a relu-pe siren"), BACKENDS ("opencl tornado"),
# JMH_ARGS, STEP_TIMEOUT (seconds per fit, 120), BUDGET (seconds for the whole run, 330: a step that
# would end past it is cut short, and one that cannot start is recorded as skipped), DEVICE (the opencl/tornado device, default their
# first GPU), SL2A_GPU_BUNDLE, WORK.
set -uo pipefail
cd "$(dirname "$0")/../.."

OUT=${OUT:-bench/target/gpu-run}
BUNDLE=${SL2A_GPU_BUNDLE:-bench/target/gpu-bundle}
WORK=${WORK:-/tmp/sl2a-gpu}
TORCH_DEVICE=${TORCH_DEVICE:-cuda}
SIZE=${SIZE:-512}
EPOCHS=${EPOCHS:-5}
ROWS=${ROWS:-16384}
SGEMM_N=${SGEMM_N:-8192}
MODELS=${MODELS:-sl2a relu-pe siren}
BACKENDS=${BACKENDS:-opencl tornado}
STEP_TIMEOUT=${STEP_TIMEOUT:-120}
BUDGET=${BUDGET:-330}
JMH_ARGS=${JMH_ARGS:--f 1 -wi 1 -i 2 -w 1s -r 1s}
DEVICE=${DEVICE:-}
PYTHON=${PYTHON:-python3}

mkdir -p "$OUT" "$WORK"
rm -f "$OUT"/results.json "$OUT"/report.md "$OUT"/kernels.png "$OUT"/log.txt
exec > >(tee "$OUT/log.txt") 2>&1
STEPS="$WORK/steps.tsv"
: >"$STEPS"
started=$(date +%s)
# limit SECONDS RESERVE: SECONDS, or less where the run's BUDGET minus RESERVE (kept for the steps
# after) ends sooner, so that the whole run stays inside the device call's time.
limit() {
  local left=$((started + BUDGET - $(date +%s) - $2))
  echo $(($1 < left ? $1 : left))
}
echo "gpu-run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n), $(nproc) cores; TORCH_DEVICE=$TORCH_DEVICE SIZE=$SIZE EPOCHS=$EPOCHS ROWS=$ROWS"

# kill_tree PID: the process and everything it started.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null
}

# step NAME SECONDS COMMAND...: runs COMMAND (a function or a program) with a time limit, prints and
# records its seconds and status. (coreutils' timeout runs programs only, not this script's functions.)
step() {
  local name=$1 limit=$2 t0 rc status pid dog flag="$WORK/.timed-out"
  shift 2
  echo
  if [ "$limit" -lt 5 ]; then
    printf "%s\t0\tskipped (the run's budget of %s s is spent)\n" "$name" "$BUDGET" >>"$STEPS"
    echo "-- $name: skipped, the run's budget of $BUDGET s is spent"
    return 1
  fi
  echo "== $name (at most ${limit} s)"
  t0=$(date +%s.%N)
  rm -f "$flag"
  "$@" &
  pid=$!
  (sleep "$limit" && touch "$flag" && echo "-- $name: past its ${limit} s, stopped" && kill_tree "$pid") &
  dog=$!
  wait "$pid"
  rc=$?
  { kill_tree "$dog"; wait "$dog"; } 2>/dev/null
  if [ -f "$flag" ]; then
    status="timed out"
    rc=124
  elif [ "$rc" = 0 ]; then
    status=ok
  else
    status="failed ($rc)"
  fi
  local seconds
  seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  printf '%s\t%s\t%s\n' "$name" "$seconds" "$status" >>"$STEPS"
  echo "-- $name: $status, $seconds s"
  return $rc
}

# --- unpack ---------------------------------------------------------------------------------------
unpack() {
  [ -f "$BUNDLE/runtime.tar.xz" ] && [ -f "$BUNDLE/tornado.tar.xz" ] || {
    echo "gpu-run: no bundle at $BUNDLE (run bench/gpu/bundle.sh where Java and TornadoVM are, and carry it)"
    return 2
  }
  rm -rf "$WORK/runtime" "$WORK/tornado"
  xz -dc "$BUNDLE/runtime.tar.xz" | tar -C "$WORK" -xf - &&
    xz -dc "$BUNDLE/tornado.tar.xz" | tar -C "$WORK" -xf - || return 1
  sed "s|\${TORNADOVM_HOME}|$WORK/tornado|g" "$WORK/tornado/tornado-argfile.template" >"$WORK/tornado/tornado-argfile"
  "$WORK/runtime/bin/java" -version 2>&1 | head -n 1
}
step unpack 120 unpack || { echo "gpu-run: nothing can run without the bundle"; exit 2; }
JAVA="$WORK/runtime/bin/java"
CP="$(ls "$BUNDLE"/lib/sl2a-bench-*.jar | head -n 1):$BUNDLE/lib/*"
JAVA_OPTS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true)
TORNADO_OPTS=("@$WORK/tornado/tornado-argfile" -Dtornado.recover.bailout=False)

# --- probe ----------------------------------------------------------------------------------------
# OpenCL: JOCL opens libOpenCL.so and TornadoVM's JNI library libOpenCL.so.1; both names point at
# the machine's ICD loader, or the bundle's where it has none. The NVIDIA ICD file is written where
# the driver's library is there but no ICD file names it (a container's driver mount).
opencl_setup() {
  local loader vendors lib
  loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 / {print $NF; exit}')
  if [ -z "$loader" ]; then
    loader=$(readlink -f "$BUNDLE/opencl/libOpenCL.so.1")
    echo "opencl: no ICD loader on the machine; the bundle's: $loader"
  else
    echo "opencl: ICD loader $loader"
  fi
  mkdir -p "$WORK/opencl-lib" "$WORK/vendors"
  ln -sf "$loader" "$WORK/opencl-lib/libOpenCL.so"
  ln -sf "$loader" "$WORK/opencl-lib/libOpenCL.so.1"
  export LD_LIBRARY_PATH="$WORK/opencl-lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  vendors=${OCL_ICD_VENDORS:-/etc/OpenCL/vendors}
  echo "opencl: ICD files in $vendors: $(ls "$vendors" 2>/dev/null | tr '\n' ' ')"
  cp "$vendors"/*.icd "$WORK/vendors/" 2>/dev/null
  lib=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1 / {print $NF}';
          find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/cuda/compat -maxdepth 3 \
            -name 'libnvidia-opencl.so*' 2>/dev/null) | head -n 1)
  if [ -n "$lib" ]; then
    echo "opencl: NVIDIA's OpenCL library: $lib"
    if ! grep -qs nvidia "$WORK"/vendors/*.icd; then
      echo "$lib" >"$WORK/vendors/nvidia.icd"
      echo "opencl: no ICD file named it; wrote $WORK/vendors/nvidia.icd"
    fi
  else
    echo "opencl: no libnvidia-opencl.so here"
  fi
  export OCL_ICD_VENDORS="$WORK/vendors"
}
probe() {
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader
  else
    echo "nvidia-smi: not here"
  fi
  echo "libcuda: $( (ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 / {print $NF}'; find /usr/local/nvidia -name 'libcuda.so.1' 2>/dev/null) | head -n 1)"
  opencl_setup
  echo "-- sl2a devices (opencl and tornado):"
  "$JAVA" "${TORNADO_OPTS[@]}" "${JAVA_OPTS[@]}" -cp "$CP" io.sl2a.tasks.cli.Main devices 2>&1 | grep -v '^WARNING: Using incubator'
  echo "-- PyTorch:"
  "$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
}
step probe 120 probe

# --- image ----------------------------------------------------------------------------------------
IMAGE="$WORK/astronaut-$SIZE.png"
step image 60 "$PYTHON" -c "import sys; from PIL import Image; Image.open('samples/astronaut.png').convert('RGB').resize(($SIZE, $SIZE), Image.BICUBIC).save(sys.argv[1])" "$IMAGE"

# --- peak -----------------------------------------------------------------------------------------
mkdir -p "$WORK/e2e" "$WORK/kernels/end-to-end"
peak() {
  "$PYTHON" - "$SGEMM_N" "$TORCH_DEVICE" >"$WORK/e2e/sgemm.json" <<'EOF'
import json, sys, time, torch
n, device = int(sys.argv[1]), torch.device(sys.argv[2])
torch.backends.cuda.matmul.allow_tf32 = False
a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()
for _ in range(3):
    a @ b
sync()
times = []
for _ in range(10):
    t = time.perf_counter(); a @ b; sync(); times.append(time.perf_counter() - t)
median = sorted(times)[len(times) // 2]
lib = "cuBLAS" if device.type == "cuda" else "torch CPU"
print(json.dumps({"gflops": 2 * n ** 3 / median / 1e9, "sgemm": lib + " sgemm (torch %s)" % torch.__version__,
                  "size": n, "runs": len(times), "label": "%s sgemm through PyTorch, FP32 with TF32 off, %d^3" % (lib, n)}))
EOF
  cat "$WORK/e2e/sgemm.json"
}
step peak 120 peak && cp "$WORK/e2e/sgemm.json" "$WORK/kernels/end-to-end/sgemm.json"

# last_line FILE COMMAND...: COMMAND's last line of output (its JSON result) into FILE.
last_line() {
  local file=$1
  shift
  "$@" | tail -n 1 >"$file"
}

# --- fits -----------------------------------------------------------------------------------------
device_args=()
[ -n "$DEVICE" ] && device_args=(--device "$DEVICE")
for model in $MODELS; do
  dir="$WORK/e2e/$model"
  mkdir -p "$dir"
  cp "$WORK/e2e/sgemm.json" "$dir/" 2>/dev/null
  # The model's defaults from its spec (the reference SL2A setting for sl2a), as bench/end-to-end.sh.
  defaults=$("$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" io.sl2a.bench.ModelDefaults "$model" 2>/dev/null) || { echo "gpu-run: unknown model $model"; continue; }
  eval "$defaults"
  config=(--model "$model" --batch "$model_batch" --degree "${model_degree:-256}" --width "${model_width:-256}"
          --layers "${model_layers:-3}" --rank 128 --lr "$model_lr" --seed 0)
  for backend in $BACKENDS; do
    opts=("${JAVA_OPTS[@]}")
    [ "$backend" = tornado ] && opts=("${TORNADO_OPTS[@]}" "${JAVA_OPTS[@]}")
    step "fit-$model-$backend" "$(limit "$STEP_TIMEOUT" 150)" last_line "$dir/java-$backend.json" \
      "$JAVA" "${opts[@]}" -cp "$CP" io.sl2a.bench.TrainingThroughput "$IMAGE" --epochs "$EPOCHS" --warmup 1 \
      --backend "$backend" "${device_args[@]}" "${config[@]}"
    cat "$dir/java-$backend.json"
  done
  step "fit-$model-pytorch" "$(limit "$STEP_TIMEOUT" 150)" last_line "$dir/pytorch-$TORCH_DEVICE.json" \
    "$PYTHON" reference/train_reference.py "$IMAGE" --epochs "$EPOCHS" --device "$TORCH_DEVICE" "${config[@]}"
  cat "$dir/pytorch-$TORCH_DEVICE.json"
  "$PYTHON" bench/compare.py "$dir" >"$dir/table.txt" 2>&1
  cat "$dir/table.txt"
  [ "$model" = sl2a ] && cp "$dir"/java-*.json "$WORK/kernels/end-to-end/" 2>/dev/null
done

# --- kernels --------------------------------------------------------------------------------------
kernels() {
  local list fork=() prepend=()
  list=$(echo "$BACKENDS" | tr ' ' ',')
  # The forks load the backends: TornadoVM's options only where tornado runs, the device where given.
  [[ " $BACKENDS " == *" tornado "* ]] && fork+=("${TORNADO_OPTS[@]}")
  [ -n "$DEVICE" ] && fork+=("-Dsl2a.bench.device=$DEVICE")
  [ ${#fork[@]} -gt 0 ] && prepend=(-jvmArgsPrepend "${fork[*]}")
  # shellcheck disable=SC2086
  "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" io.sl2a.bench.jmh.JmhRunner $JMH_ARGS "${prepend[@]}" \
    -p backend="$list" -p rows="$ROWS" -p gemm=AUTO -p shape=rowsx128x256,256x128xrows_tA -p op=table \
    -rf json -rff "$WORK/kernels/kernels.json" \
    'MatMulBench|ChebyshevAxisBench|ChebyshevForwardBench|LayerNormForwardBench|BiasActivationModulateBench|AdamUpdateBench' \
    >"$WORK/kernels/jmh.log" 2>&1
  local rc=$?
  grep -E '^(Benchmark|[A-Za-z]+Bench\.)' "$WORK/kernels/jmh.log" | tail -n 40
  "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" io.sl2a.bench.BackendsReport "$WORK/kernels" || rc=1
  return $rc
}
step kernels "$(limit 240 15)" kernels

# --- results --------------------------------------------------------------------------------------
"$PYTHON" - "$WORK" "$OUT" "$started" "$MODELS" <<'EOF'
import json, os, sys, time
work, out, started, models = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4].split()
def load(path):
    try:
        with open(path) as f:
            return json.loads(f.read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        return None
steps = [dict(zip(("step", "seconds", "status"), line.rstrip("\n").split("\t")))
         for line in open(os.path.join(work, "steps.tsv")) if line.strip()]
for s in steps:
    s["seconds"] = float(s["seconds"])
fits = {}
e2e = os.path.join(work, "e2e")
for model in models:
    d = os.path.join(e2e, model)
    if os.path.isdir(d):
        fits[model] = {name[:-5]: load(os.path.join(d, name)) for name in sorted(os.listdir(d))
                       if name.endswith(".json") and name != "sgemm.json"}
results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "seconds": round(time.time() - started, 1),
           "steps": steps, "sgemm_peak": load(os.path.join(e2e, "sgemm.json")), "fits": fits,
           "kernels": json.load(open(os.path.join(work, "kernels", "kernels.json")))
           if os.path.exists(os.path.join(work, "kernels", "kernels.json")) else None}
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(results, f, indent=1)
md = ["# sl2a on the GPU: %s" % results["date"], ""]
md += ["| step | seconds | status |", "|---|---:|---|"] + ["| %s | %.1f | %s |" % (s["step"], s["seconds"], s["status"]) for s in steps]
for model in fits:
    table = os.path.join(e2e, model, "table.txt")
    md += ["", "## %s" % model, "", "```"] + (open(table).read().rstrip().splitlines() if os.path.exists(table) else ["no table"]) + ["```"]
report = os.path.join(work, "kernels", "report.md")
if os.path.exists(report):
    md += ["", open(report).read().replace("# Kernel study", "## Kernel study", 1)]
with open(os.path.join(out, "report.md"), "w") as f:
    f.write("\n".join(md) + "\n")
print("gpu-run: %d steps, %d ok, %.0f s; %s" % (len(steps), sum(s["status"] == "ok" for s in steps),
                                               results["seconds"], os.path.join(out, "report.md")))
EOF
cp "$WORK/kernels/kernels.png" "$OUT/" 2>/dev/null
exit 0

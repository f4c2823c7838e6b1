#!/usr/bin/env bash
# The three backends on the same device, kernel by kernel and end to end:
#   cpu     the Java CPU backend (thread pool, OpenBLAS or Java sgemm) on the machine's cores
#   opencl  hand-written OpenCL C through JOCL, on the OpenCL device (here PoCL, the same cores)
#   tornado TornadoVM-generated OpenCL from the Java kernel bodies, on the same device
#
#   bench/backends.sh            (TORNADOVM_HOME set, e.g. `source <tornadovm>/setvars.sh`, for tornado)
#
# Prints (a) ms/op of the hottest kernels on each backend (JMH, reduced sizes: PoCL is slow),
# (b) one end-to-end line per backend (bench/end-to-end.sh, reduced network, no PyTorch), and
# (c) saves the OpenCL C TornadoVM generated for the matmul task (the KernelContext kernel gemm, or
# matMul with -Dsl2a.tornado.gemm=loop) to OUT/tornado-kernel.cl, and (d) writes OUT/report.md and
# OUT/kernels.png (ms per call, GFLOP/s or GB/s against the sgemm peak, end-to-end samples/s).
# Everything goes to OUT (default bench/target/backends), the printed output to OUT/summary.txt.
# Environment: BACKENDS (default "cpu opencl tornado", tornado only with TORNADOVM_HOME), ROWS
# (kernel batch rows, default 2048), EPOCHS (default 2), DEGREE WIDTH RANK (default 64 128 32),
# SL2A_BENCH_DEVICE / DEVICE (opencl/tornado device). About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${SL2A_BACKENDS_OUT:-bench/target/backends}
ROWS=${ROWS:-2048}
EPOCHS=${EPOCHS:-2}
if [ -z "${BACKENDS:-}" ]; then
  BACKENDS="cpu opencl"
  if [ -n "${TORNADOVM_HOME:-}" ]; then
    BACKENDS="$BACKENDS tornado"
  else
    echo "backends: TORNADOVM_HOME is not set: tornado is left out (source TornadoVM's setvars.sh)" >&2
  fi
fi
mkdir -p "$OUT"
exec > >(tee "$OUT/summary.txt")

# Build once up front (jmh.sh and end-to-end.sh source it again; then nothing is stale).
(source bench/bench-env.sh) || exit 1

echo "sl2a backends on one device: $BACKENDS   ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo

# (a) Kernels. JMH applies each -p only to the benchmarks that have the parameter.
backend_list=$(echo "$BACKENDS" | tr ' ' ',')
kernels='MatMulBench|ChebyshevAxisBench|ChebyshevForwardBench|LayerNormForwardBench|BiasActivationModulateBench|AdamUpdateBench|HashGridBench'
echo "== (a) kernels: ms/op, rows $ROWS (JMH: 1 fork, 2 x 1 s warm-up, 3 x 1 s measured; each call ends with a blocking 1-float read)"
if ! bench/jmh.sh "$kernels" -p backend="$backend_list" -p rows="$ROWS" -p gemm=AUTO \
    -p shape=rowsx128x256,256x128xrows_tA -p op=table \
    -f 1 -wi 2 -i 3 -w 1s -r 1s -rf json -rff "$OUT/kernels.json" >"$OUT/jmh.log" 2>&1; then
  echo "backends: JMH failed (see $OUT/jmh.log)"
fi
python3 - "$OUT/kernels.json" "$BACKENDS" <<'EOF'
import json, sys
path, backends = sys.argv[1], sys.argv[2].split()
try:
    results = json.load(open(path))
except (OSError, ValueError):
    sys.exit("backends: no JMH results in " + path)
table = {}
for r in results:
    params = dict(r.get("params", {}))
    backend = params.pop("backend", "cpu")
    for key in ("threads", "gemm"):
        params.pop(key, None)
    name = r["benchmark"].split(".")[-2].removesuffix("Bench")
    label = name + (" " + " ".join("%s=%s" % kv for kv in sorted(params.items())) if params else "")
    table.setdefault(label, {})[backend] = r["primaryMetric"]["score"]
header = ["kernel"] + ["%s ms/op" % b for b in backends]
if "cpu" in backends and "opencl" in backends:
    header.append("opencl/cpu")
if "opencl" in backends and "tornado" in backends:
    header.append("tornado/opencl")
rows = [header]
for label, scores in table.items():
    row = [label] + ["%.3f" % scores[b] if b in scores else "failed" for b in backends]
    for a, b in (("opencl", "cpu"), ("tornado", "opencl")):
        if a in backends and b in backends:
            row.append("%.1fx" % (scores[a] / scores[b]) if a in scores and b in scores else "-")
    rows.append(row)
widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
for r in rows:
    print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
print("(x = time ratio, above 1 the first is slower; JMH log: %s)" % path.replace("kernels.json", "jmh.log"))
EOF
echo

# (b) End to end: the training loop on each backend, reduced network.
DEGREE=${DEGREE:-64}
WIDTH=${WIDTH:-128}
RANK=${RANK:-32}
echo "== (b) end to end: samples/astronaut.png, degree $DEGREE, width $WIDTH, rank $RANK, $EPOCHS epochs (+1 warm-up), batch 16384"
if ! BACKENDS="$BACKENDS" PYTORCH=off DEGREE=$DEGREE WIDTH=$WIDTH RANK=$RANK WARMUP=1 \
    DEVICE=${DEVICE:-${SL2A_BENCH_DEVICE:-}} SL2A_BENCH_OUT="$OUT/end-to-end" \
    bench/end-to-end.sh samples/astronaut.png "$EPOCHS" >"$OUT/end-to-end.txt" 2>"$OUT/end-to-end.log"; then
  echo "backends: end-to-end failed (see $OUT/end-to-end.log)"
fi
sed -e '/^$/d' "$OUT/end-to-end.txt"
echo

# (c) The OpenCL C TornadoVM generated for the matmul task (-Dtornado.printKernel=True, one short run).
if [[ " $BACKENDS " == *" tornado "* ]]; then
  echo "== (c) TornadoVM's generated kernel for the matmul task"
  bench/jmh.sh MatMulBench -p backend=tornado -p shape=rowsx128x256 -p rows="$ROWS" -p gemm=AUTO \
    -f 1 -wi 0 -i 1 -r 1s \
    -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dtornado.printKernel=True" \
    >"$OUT/print-kernel.log" 2>&1 || true
  # The kernel: its #pragma lines, the __kernel void matMul(...) line, up to TornadoVM's "}  //  kernel".
  awk '
    { sub(/^Iteration +[0-9]+: /, "") }
    /^#pragma/ { pragmas = pragmas $0 "\n"; next }
    /__kernel void (matMul|gemm)\(/ { printf "%s", pragmas; inside = 1 }
    !/^#pragma/ && !inside { pragmas = "" }
    inside { print }
    inside && /^}  \/\/  kernel/ { exit }
  ' "$OUT/print-kernel.log" >"$OUT/tornado-kernel.cl"
  if [ -s "$OUT/tornado-kernel.cl" ]; then
    echo "saved $OUT/tornado-kernel.cl ($(wc -l <"$OUT/tornado-kernel.cl") lines; every kernel printed: $OUT/print-kernel.log)"
  else
    echo "backends: no gemm/matMul kernel in $OUT/print-kernel.log"
  fi
fi

# (d) The report: report.md and kernels.png beside the results.
echo
(source bench/bench-env.sh && sl2a_bench_java_args cpu && java "${SL2A_RUN_ARGS[@]}" io.sl2a.bench.BackendsReport "$OUT") \
  || echo "backends: the report failed"

#!/usr/bin/env python3
"""Prints the comparison table of an end-to-end run from the JSON lines in a folder:
sgemm.json (the sgemm ceiling), java-<backend>.json (TrainingThroughput), pytorch-<n>.json
(reference/train_reference.py). Standard library only.

    python3 bench/compare.py bench/target/end-to-end
"""
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
def torch_where(run):
    """Where the reference ran: its torch and OpenBLAS thread counts, or its GPU."""
    device = run.get("device", "cpu")
    if device != "cpu":
        return device
    return "%d torch / %s OpenBLAS threads" % (run["threads"], run.get("blas_threads_env"))

torch_runs = sorted((load(name) for name in os.listdir(out) if name.startswith("pytorch-")),
                    key=lambda run: (run.get("device", "cpu"), run["threads"], str(run.get("blas_threads_env"))))
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
                 torch["final_psnr"], torch_where(torch)))

print()
model = java.get("model", "sl2a")
shape = ("degree %d, width %d, layers %d, rank %s" % (java["degree"], java["width"], java["layers"], java["rank"])
         if model == "sl2a" else "width %d, layers %d" % (java["width"], java["layers"]))
print("%s on %s, %d epochs, batch %d, %s: %.3f MFLOP per sample (training step)"
      % (model, java["image"], java["epochs"], java["batch"], shape, flops / 1e6))
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
        print("java %s / pytorch (%s): %.2fx samples/s" % (run["backend"], torch_where(torch),
                                                                  run["samples_per_second"] / torch["samples_per_second"]))
    if torch_runs:
        best = max(torch_runs, key=lambda t: t["samples_per_second"])
        print("java %s / fastest pytorch (%s): %.2fx samples/s" % (run["backend"], torch_where(best),
                                                                          run["samples_per_second"] / best["samples_per_second"]))
for run in java_runs:
    if run is not java:
        print("java %s / java %s: %.2fx samples/s" % (run["backend"], java["backend"],
                                                    run["samples_per_second"] / java["samples_per_second"]))
if grid:
    ex = java["executed_gflops"]
    print("sl2a-java grid path: the LA block is tabulated per axis, so it executes %.3f of the %.3f MFLOP per sample:"
          % (java["executed_flops_per_sample"] / 1e6, flops / 1e6))
    print("  %.1f GFLOP/s actually executed%s (GRID=off expands every pixel as PyTorch does)"
          % (ex, " = %.0f%% of sgemm peak" % (100 * ex / peak) if peak else ""))
print("(sl2a-java: median epoch; pytorch: mean over its timed epochs; results in %s)" % out)

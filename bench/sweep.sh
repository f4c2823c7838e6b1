#!/usr/bin/env bash
# Many fits at once against one after another (issue 22's check of the engine's overhead; a
# benchmark, not a test):
#   bench/sweep.sh [IMAGES]        (default samples/: each .png there, with each of MODELS)
#
# (a) the fits one after another, each by ./sl2a fit --threads 2 (a JVM each, as a shell loop runs them)
# (b) the same fits as one sweep on embedded Spark, one job at a time with 2 threads
#     (--master local[2] --task-cpus 2: two cores, a job takes both): (b)/(a) is the engine's overhead
# (c) the same sweep packed: two jobs at once with one thread each (--master local[2] --task-cpus 1)
# Checks that (b)'s models are (a)'s to the byte, and prints the wall times and ratios; everything
# goes to OUT (default bench/target/sweep), the printed output to OUT/summary.txt.
# Environment: MODELS (default "sl2a siren"), EPOCHS (default 20), DOWNSCALE (default 4: the
# samples at 128x128), OUT. Builds through ./sl2a first, so that no build is timed.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGES=$(cd "${1:-samples}" && pwd)
MODELS=${MODELS:-sl2a siren}
EPOCHS=${EPOCHS:-20}
DOWNSCALE=${DOWNSCALE:-4}
OUT=$(mkdir -p "${OUT:-bench/target/sweep}" && cd "${OUT:-bench/target/sweep}" && pwd)
rm -rf "$OUT/a" "$OUT/b" "$OUT/c"
exec > >(tee "$OUT/summary.txt")

./sl2a models >/dev/null
./sl2a fit-many --help >/dev/null 2>&1

images=("$IMAGES"/*.png)
models=($MODELS)
echo "sl2a sweep bench: ${#images[@]} images x ${#models[@]} models ($MODELS), $EPOCHS epochs, downscale $DOWNSCALE"
echo "($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

seconds() { date +%s.%N; }
elapsed() { echo "$(seconds) - $1" | bc; }

start=$(seconds)
for model in "${models[@]}"; do
  for image in "${images[@]}"; do
    name=$(basename "$image" .png)
    ./sl2a fit "$image" --model "$model" --epochs "$EPOCHS" --downscale "$DOWNSCALE" --threads 2 \
      --out "$OUT/a/$name/$model" >/dev/null 2>&1
  done
done
a=$(elapsed "$start")

json=$(printf '"%s",' "${models[@]}")
cat > "$OUT/sweep.json" <<JSON
{"signals": ["$IMAGES/*.png"], "models": [${json%,}], "epochs": $EPOCHS, "downscale": $DOWNSCALE}
JSON
start=$(seconds)
./sl2a sweep "$OUT/sweep.json" --master 'local[2]' --task-cpus 2 --out "$OUT/b" > "$OUT/b.log" 2>&1
b=$(elapsed "$start")
start=$(seconds)
./sl2a sweep "$OUT/sweep.json" --master 'local[2]' --task-cpus 1 --out "$OUT/c" > "$OUT/c.log" 2>&1
c=$(elapsed "$start")

same=0 total=0
for model in "${models[@]}"; do
  for image in "${images[@]}"; do
    name=$(basename "$image" .png)
    total=$((total + 1))
    if cmp -s "$OUT/a/$name/$model/model.safetensors" "$OUT/b/runs/$name/$model/model.safetensors"; then
      same=$((same + 1))
    fi
  done
done

printf '(a) one after another, ./sl2a fit --threads 2:            %7.1f s\n' "$a"
printf '(b) one sweep, one job at a time, 2 threads (local[2]):    %7.1f s   (b)/(a) = %.2f\n' "$b" "$(echo "$b / $a" | bc -l)"
printf '(c) one sweep, two jobs at once, 1 thread each (local[2]): %7.1f s   (c)/(b) = %.2f\n' "$c" "$(echo "$c / $b" | bc -l)"
echo "models of (b) byte-identical to (a): $same of $total"
echo "the sweeps' own summaries:"
grep '^sl2a sweep: .* jobs' "$OUT/b.log" "$OUT/c.log"

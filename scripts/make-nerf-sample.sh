#!/usr/bin/env bash
# Regenerates samples/nerf-bunny/: the shipped bunny rendered into a small NeRF data set in the
# NeRF-synthetic (Blender) layout, 100x100 pixels, 25 train, 5 val and 10 test views.
# The full-size data set, as the Blender scenes (800x800, 100 train, 100 val, 200 test views):
#   ./sl2a nerf-scene samples/bunny.off --out nerf-bunny-800 --size 800 --train 100 --val 100 --test 200 --seed 0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/samples/nerf-bunny"
# The command leaves files of an earlier, bigger run in place: start from an empty folder.
rm -rf "$out"
"$root/sl2a" nerf-scene "$root/samples/bunny.off" --out "$out" --size 100 --train 25 --val 5 --test 10 --seed 0

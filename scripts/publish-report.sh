#!/usr/bin/env bash
# Copies a `sl2a reproduce` report into the docs: report.md, results.json and only the pictures
# the report shows (the runs' checkpoints and reconstructions stay behind).
#   scripts/publish-report.sh reproduce docs/reproduce-quick
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 REPRODUCE_OUT DEST" >&2
  exit 2
fi
out=$1
dest=$2
if [ ! -f "$out/report.md" ]; then
  echo "publish-report: $out/report.md not found: run sl2a reproduce --out $out first" >&2
  exit 2
fi
tmp=$(mktemp -d "${dest%/}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$out/report.md" "$out/results.json" "$tmp/"
grep -o '](\([^)]*\.png\))' "$out/report.md" | sed 's/^](//; s/)$//' | sort -u | while read -r picture; do
  mkdir -p "$tmp/$(dirname "$picture")"
  cp "$out/$picture" "$tmp/$picture"
done
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "publish-report: $(find "$dest" -type f | wc -l) files, $(du -sh "$dest" | cut -f1), in $dest"

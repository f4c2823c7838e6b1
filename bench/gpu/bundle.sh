#!/usr/bin/env bash
# Packs what the end-to-end benchmark needs on a GPU machine that has no Java: a jlink-made Java 25
# runtime (xz-compressed: about 63 MiB unpacked, more than the 64 MiB the device tool carries
# together with the jars) and the bench jars, in bench/target/gpu-bundle. Then, on the GPU
# machine, from the repository root: bench/gpu/run-on-device.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/bench-env.sh
sl2a_bench_build

bundle=bench/target/gpu-bundle
rm -rf "$bundle"
mkdir -p "$bundle/lib"
# java.desktop for ImageIO, java.logging for JOCL, java.sql for Jackson's optional types.
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.sql,jdk.incubator.vector,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$bundle/runtime"
tar -C "$bundle" -cJf "$bundle/runtime.tar.xz" runtime
rm -rf "$bundle/runtime"
cp "$(sl2a_bench_jar)" "$bundle/lib/"
# The benchmark needs neither JMH nor the plotting and command-line libraries at run time.
for jar in bench/target/lib/*.jar; do
  case "$(basename "$jar")" in
    jmh-*|jopt-*|commons-math3-*|xchart-*|VectorGraphics2D-*|pdfbox-*|fontbox-*|commons-logging-*|graphics2d-*|picocli-*|progressbar-*|jline-*) ;;
    *) cp "$jar" "$bundle/lib/" ;;
  esac
done
du -sh "$bundle" >&2

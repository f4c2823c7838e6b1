#!/usr/bin/env bash
# Packs everything bench/gpu/run.sh needs on a GPU machine that has no Java, no TornadoVM, no Maven
# and no network, into bench/target/gpu-bundle (carried to the device; bench/target is ignored):
#   runtime.tar.xz   a jlink-made Java 25 runtime with what the opencl and the tornado backends need
#                    (TornadoVM needs the JVMCI module, java.management and jdk.management)
#   tornado.tar.xz   the TornadoVM SDK found at TORNADOVM_HOME, trimmed to what running needs (its
#                    runtime, OpenCL driver and JNI library, the Graal compiler jars; no benchmarks,
#                    unit tests, examples, CUDA-library bindings or scripts), with its argument-file
#                    template; run.sh writes the argument file for wherever it unpacks it
#   lib/             the project's jars and the libraries they run with
#   opencl/          the OpenCL ICD loader (libOpenCL.so.1), used only where the device has none
#
#   bench/gpu/bundle.sh        (TORNADOVM_HOME set: source TornadoVM's setvars.sh; see docs/tornadovm.md)
#
# The device tool carries at most 64 MiB: this bundle plus the working tree. The script prints the
# total and fails above 62 MiB. TornadoVM's PTX backend is not in the bundle (see bench/gpu/README.md):
# on the GPU, tornado runs through NVIDIA's OpenCL driver.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${TORNADOVM_HOME:-}" ] || [ ! -f "$TORNADOVM_HOME/tornado-argfile.template" ]; then
  echo "bundle: TornadoVM is needed: set TORNADOVM_HOME (source its setvars.sh; docs/tornadovm.md says how to build it)" >&2
  exit 2
fi
source bench/bench-env.sh
tornado_jar=$(sl2a_bench_tornado_jar)
[ -n "$tornado_jar" ] || { echo "bundle: no tornado-backend jar was built" >&2; exit 1; }

bundle=bench/target/gpu-bundle
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$bundle"
mkdir -p "$bundle/lib" "$bundle/opencl"
xz_level=${XZ_LEVEL:-9e}

# The runtime. java.desktop: ImageIO and the plots; java.logging: JOCL; java.sql: Jackson's
# optional types; java.management and jdk.management: TornadoVM and JMH; jdk.internal.vm.ci:
# TornadoVM's JIT (the Graal compiler itself comes with TornadoVM's jars); jdk.zipfs, java.naming
# and jdk.crypto.ec are asked for by TornadoVM's --add-modules ALL-SYSTEM only as present or not.
"$JAVA_HOME/bin/jlink" \
  --add-modules java.base,java.desktop,java.logging,java.sql,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector,jdk.internal.vm.ci \
  --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$work/runtime"
tar -C "$work" -cf - runtime | xz -T0 "-$xz_level" >"$bundle/runtime.tar.xz"

# TornadoVM: what running needs, nothing it only builds, tests or benchmarks with.
sdk=$(readlink -f "$TORNADOVM_HOME")
mkdir -p "$work/tornado/share/java/tornado" "$work/tornado/share/java/graalJars"
cp -r "$sdk/lib" "$sdk/etc" "$work/tornado/"
cp "$sdk/tornado-argfile.template" "$sdk/LICENSE_APACHE2" "$sdk/LICENSE_GPLv2CE" "$sdk/LICENSE_MIT" "$work/tornado/"
for jar in "$sdk"/share/java/tornado/*.jar; do
  case "$(basename "$jar")" in
    tornado-benchmarks-*|tornado-unittests-*|tornado-examples-*|tornado-fuzz-*|tornado-matrices-*) ;;
    tornado-cublas-*|tornado-cudnn-*|tornado-cufft-*|tornado-cusparse-*|tornado-cutlass-*) ;;
    junit-*|hamcrest-*|jmh-core-*|jopt-simple-*|lucene-core-*|ejml-*) ;;
    *) cp "$jar" "$work/tornado/share/java/tornado/" ;;
  esac
done
for jar in "$sdk"/share/java/graalJars/*.jar; do
  case "$(basename "$jar")" in
    truffle-api-*) ;; # the Graal compiler needs truffle-compiler only; TornadoVM never loads Truffle
    *) cp "$jar" "$work/tornado/share/java/graalJars/" ;;
  esac
done
tar -C "$work" -cf - tornado | xz -T0 "-$xz_level" >"$bundle/tornado.tar.xz"

# The project's jars: the bench jar (TrainingThroughput, the JMH kernels, the report), the libraries
# it runs with (the tasks, nn and backend jars among them) and the tornado backend. The PDF and SVG
# writers of the plotting library are never used.
cp "$(sl2a_bench_jar)" "$tornado_jar" "$bundle/lib/"
for jar in bench/target/lib/*.jar; do
  case "$(basename "$jar")" in
    pdfbox-*|fontbox-*|graphics2d-*|VectorGraphics2D-*|commons-logging-*) ;;
    *) cp "$jar" "$bundle/lib/" ;;
  esac
done

# The ICD loader, for a device whose driver ships only the vendor library.
loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 / {print $NF; exit}')
[ -n "$loader" ] || { echo "bundle: no libOpenCL.so.1 here (apt-get install ocl-icd-libopencl1)" >&2; exit 1; }
cp -L "$loader" "$bundle/opencl/libOpenCL.so.1"

# What travels: the tracked and untracked-but-not-ignored files, and the bundle.
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
tree_bytes=$(git ls-files -z --cached --others --exclude-standard | xargs -0 -r stat -c %s -- 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
bundle_bytes=$(find "$bundle" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
total=$((tree_bytes + bundle_bytes))
{
  echo "bundle: $bundle"
  for part in runtime.tar.xz tornado.tar.xz lib opencl; do
    echo "  $part: $(mib "$(find "$bundle/$part" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')") MiB"
  done
  echo "  working tree: $(mib "$tree_bytes") MiB"
  echo "bundle: $(mib "$total") MiB in all with the working tree (the device carries 64 MiB; this script's limit is 62)"
} | tee "$bundle/MANIFEST.txt" >&2
if [ "$total" -gt $((62 * 1048576)) ]; then
  echo "bundle: too large: $(mib "$total") MiB > 62 MiB" >&2
  exit 1
fi

package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.JavaVectorSgemm;
import io.sl2a.backend.cpu.OpenBlasSgemm;
import io.sl2a.backend.cpu.ParallelFor;
import io.sl2a.backend.cpu.PartitionedSgemm;
import io.sl2a.backend.cpu.Sgemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw square single-precision product {@code C = A B}, n x n x n (2048 by default): the ceiling the
 * products of a training step are compared with. {@code openblas} is what CpuBackend uses
 * (single-threaded OpenBLAS through FFM, rows of C split over our pool), {@code java} the pure-Java
 * vector sgemm, {@code openblas1} OpenBLAS on one thread. The JMH runner ({@code bench/jmh.sh})
 * prints the GFLOP/s (2 n^3 / time) beside the time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SgemmBench {

    @Param({"openblas", "java"})
    public String impl;

    @Param({"2048"})
    public int size;

    /** Threads; 0 = every available processor. */
    @Param({"0"})
    public int threads;

    private ParallelFor parallel;
    private Sgemm gemm;
    private float[] a;
    private float[] b;
    private float[] c;

    /** The sgemm named {@code impl} over {@code parallel}: openblas, openblas1 (one thread) or java. */
    public static Sgemm create(String impl, ParallelFor parallel) {
        return switch (impl) {
            case "openblas" -> new PartitionedSgemm(loadOpenBlas(), parallel);
            case "openblas1" -> loadOpenBlas();
            case "java" -> new JavaVectorSgemm(parallel);
            default -> throw new IllegalArgumentException("impl must be openblas, openblas1 or java: " + impl);
        };
    }

    private static OpenBlasSgemm loadOpenBlas() {
        return OpenBlasSgemm.load().orElseThrow(() -> new IllegalStateException(
                "OpenBLAS not found (install libopenblas0-pthread)"));
    }

    /** Uniform values in [-1, 1]. */
    public static float[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2.0 - 1.0);
        }
        return values;
    }

    @Setup(Level.Trial)
    public void setUp() {
        parallel = new ParallelFor(OpHarness.resolveThreads(threads));
        gemm = create(impl, parallel);
        a = random(size * size, 1);
        b = random(size * size, 2);
        c = new float[size * size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public float[] run() {
        gemm.sgemm(false, false, size, size, size, 1.0f, a, 0, size, b, 0, size, 0.0f, c, 0, size);
        return c;
    }
}

package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
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
 * Grid path, the LA block's per-axis work, once per step whatever the batch:
 * Op.ChebyshevAxisTable ({@code op=table}, the table of every axis value's output) and
 * Op.ChebyshevAxisCoeffGrad ({@code op=coeffGrad}, the coefficient gradient from the table's
 * gradient), for 2 axes of 256 values (a 256x256 image), width 256, degree 256.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ChebyshevAxisBench {
    @Param({"table", "coeffGrad"})
    public String op;

    @Param({"OPENBLAS", "JAVA"})
    public CpuBackend.GemmChoice gemm;

    /** Values per axis (the image's larger side). */
    @Param({"256"})
    public int axisLength;

    @Param({"256"})
    public int degree;

    /** Threads of the backend's pool; 0 = every available processor (as training uses). */
    @Param({"0"})
    public int threads;

    private OpHarness harness;

    @Setup(Level.Trial)
    public void setUp() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        OpHarness.Builder b = OpHarness.builder(1)
                .fixed("values", in * axisLength, -1f, 1f)
                .fixed("coeff", in * width * (degree + 1), -0.05f, 0.05f)
                .fixed("table", in * axisLength * width, -1f, 1f);
        harness = switch (op) {
            case "table" -> b.op(new Op.ChebyshevAxisTable("values", "coeff", "table", in, width, degree, axisLength))
                    .build(threads, gemm);
            case "coeffGrad" -> b.op(new Op.ChebyshevAxisCoeffGrad("values", "table", "coeff", in, width, degree,
                    axisLength)).build(threads, gemm);
            default -> throw new IllegalArgumentException("op must be table or coeffGrad: " + op);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    @Benchmark
    public void run() {
        harness.run();
    }
}

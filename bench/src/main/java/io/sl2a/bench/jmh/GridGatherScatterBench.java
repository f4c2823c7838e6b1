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
 * Grid path, per row: Op.GatherSum ({@code op=gather}: each row sums its two axis-table entries
 * into rows x 256) and Op.ScatterSum ({@code op=scatter}: the rows x 256 gradient scattered into the
 * 2 x 256 x 256 table's gradient), at random pixels of a 256x256 image.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GridGatherScatterBench {
    @Param({"gather", "scatter"})
    public String op;

    /** Values per axis (the image's larger side). */
    @Param({"256"})
    public int axisLength;

    /** Threads of the backend's pool; 0 = every available processor (as training uses). */
    @Param({"0"})
    public int threads;

    /** Batch rows (the reference batch is 16384). */
    @Param({"16384"})
    public int rows;

    private OpHarness harness;

    @Setup(Level.Trial)
    public void setUp() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        OpHarness.Builder b = OpHarness.builder(rows)
                .perRowIndices("index", in, axisLength)
                .fixed("table", in * axisLength * width, -1f, 1f)
                .perRow("a", width, -1f, 1f);
        harness = switch (op) {
            case "gather" -> b.op(new Op.GatherSum("table", "index", "a", in, width, axisLength))
                    .build(threads, CpuBackend.GemmChoice.AUTO);
            case "scatter" -> b.op(new Op.ScatterSum("a", "index", "table", in, width, axisLength))
                    .build(threads, CpuBackend.GemmChoice.AUTO);
            default -> throw new IllegalArgumentException("op must be gather or scatter: " + op);
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

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

/** Op.LayerNormForward over rows x 256 (saves per-row mean and rstd). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LayerNormForwardBench {
    @Setup(Level.Trial)
    public void setUp() {
        int width = OpHarness.WIDTH;
        harness = OpHarness.builder(rows)
                .perRow("x", width, -1f, 1f)
                .fixed("gamma", width, 0.5f, 1.5f)
                .fixed("beta", width, -0.1f, 0.1f)
                .perRow("y", width, 0f, 0f)
                .perRow("mean", 1, 0f, 0f)
                .perRow("rstd", 1, 0f, 0f)
                .op(new Op.LayerNormForward("x", "gamma", "beta", "y", "mean", "rstd", width, 1e-5f))
                .build(threads, CpuBackend.GemmChoice.AUTO);
    }

    /** Threads of the backend's pool; 0 = every available processor (as training uses). */
    @Param({"0"})
    public int threads;

    /** Batch rows (the reference batch is 16384). */
    @Param({"16384"})
    public int rows;

    private OpHarness harness;

    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    @Benchmark
    public void run() {
        harness.run();
    }
}

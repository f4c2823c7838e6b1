package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import io.sl2a.program.StepScalars;
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

/** Op.AdamUpdate of a parameter buffer the size of the Chebyshev coefficient tensor (2 x 256 x 257). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AdamUpdateBench {
    /** Elements updated; default 2 * 256 * 257, the coefficient tensor, the largest parameter. */
    @Param({"131584"})
    public int size;

    @Setup(Level.Trial)
    public void setUp() {
        harness = OpHarness.builder(1)
                .fixed("param", size, -0.05f, 0.05f)
                .fixed("grad", size, -1e-3f, 1e-3f)
                .fixed("m", size, -1e-4f, 1e-4f)
                .fixed("v", size, 0f, 1e-6f)
                .scalars(StepScalars.adam(1e-3, 0.9, 0.999, 100))
                .op(Op.AdamUpdate.of("param", "grad", "m", "v", 0.9, 0.999, 1e-8))
                .build(threads, CpuBackend.GemmChoice.AUTO);
    }

    /** Threads of the backend's pool; 0 = every available processor (as training uses). */
    @Param({"0"})
    public int threads;

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

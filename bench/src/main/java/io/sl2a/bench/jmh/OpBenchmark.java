package io.sl2a.bench.jmh;

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
 * A JMH benchmark of one operation through an {@link OpHarness}: a subclass declares its own
 * {@code @Param}s and builds the harness in {@link #createHarness()}; this class holds the JMH
 * settings, the {@code threads} parameter, the set-up and tear-down, and the measured {@code run}.
 * JMH generates the benchmark code per concrete subclass ({@code <Subclass>.run}). Operations over a
 * batch extend {@link BatchOpBenchmark}, which adds {@code rows}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public abstract class OpBenchmark {
    /** Threads of the backend's pool; 0 = every available processor (as training uses). */
    @Param({"0"})
    public int threads;

    /**
     * The backend: cpu (default), opencl (hand-written OpenCL C through JOCL) or tornado (TornadoVM,
     * needs its JVM: bench/jmh.sh adds it). The device of opencl/tornado is {@code -Dsl2a.bench.device}
     * (index or name fragment; default the backend's own choice).
     */
    @Param({"cpu"})
    public String backend;

    private OpHarness harness;

    /** The measured operation, its buffers filled; called once per trial, after the parameters are set. */
    protected abstract OpHarness createHarness();

    /** Where {@link #createHarness()} builds: pass to {@code OpHarness.Builder.build}. */
    protected OpHarness.Target target() {
        String device = System.getProperty("sl2a.bench.device");
        return new OpHarness.Target(backend, threads, device == null || device.isBlank() ? null : device);
    }

    @Setup(Level.Trial)
    public void setUp() {
        harness = createHarness();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    /** One run of the operation, waited for (a blocking read of one float); the value goes to JMH's blackhole. */
    @Benchmark
    public float run() {
        return harness.run();
    }
}

package io.sl2a.bench.jmh;

import io.sl2a.backend.Backend;
import io.sl2a.backend.BackendProvider;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * A one-operation program compiled on a backend ({@code cpu} by default, or {@code opencl} or
 * {@code tornado}, see {@link Target}): what a benchmark measures is exactly the code a training step
 * runs for that operation (same binding, thread pool and sgemm on cpu; the same kernels on a device).
 * An optional {@code setup} routine prepares derived inputs (e.g. the LayerNorm statistics) before
 * timing. Each {@link #run} ends with a blocking read of one float, which waits until the device has
 * finished (opencl and tornado only enqueue in {@code run}); cpu does the same for symmetry.
 */
public final class OpHarness implements AutoCloseable {
    /** The reference sizes (batch, hidden width, rank, Chebyshev degree, inputs, outputs). */
    public static final int ROWS = 16384;
    public static final int WIDTH = 256;
    public static final int RANK = 128;
    public static final int DEGREE = 256;
    public static final int IN = 2;
    public static final int OUT = 3;

    /** The message when the tornado backend is asked for but its provider is not on the class path. */
    public static final String TORNADO_MISSING = "backend=tornado needs TornadoVM: set TORNADOVM_HOME (source"
            + " /work/tornadovm/src/setvars.sh or your SDK's), then run through bench/jmh.sh or bench/backends.sh,"
            + " which build with -Ptornado and start the JVM with TornadoVM's options and the tornado-backend jar";

    /**
     * Where a harness runs: {@code backend} cpu, opencl or tornado; {@code threads} for cpu (0 = all
     * cores); {@code device} an OpenCL/TornadoVM device selector (index or name fragment), or null.
     */
    public record Target(String backend, int threads, String device) {
        public static Target cpu(int threads) {
            return new Target("cpu", threads, null);
        }
    }

    private final Backend backend;
    private final CompiledProgram program;
    private final int rows;
    private final StepScalars scalars;
    private final String probe;
    private final float[] probeValue = new float[1];

    private OpHarness(Backend backend, CompiledProgram program, int rows, StepScalars scalars, String probe) {
        this.backend = backend;
        this.program = program;
        this.rows = rows;
        this.scalars = scalars;
        this.probe = probe;
    }

    /** Opens the backend a target names; cpu takes {@code gemm}. */
    public static Backend open(Target target, CpuBackend.GemmChoice gemm) {
        return switch (target.backend()) {
            case "cpu" -> new CpuBackend(resolveThreads(target.threads()), gemm);
            case "opencl" -> new OpenClBackend(target.device());
            case "tornado" -> provider("tornado").orElseThrow(() -> new IllegalStateException(TORNADO_MISSING))
                    .open(target.device());
            default -> throw new IllegalArgumentException("backend must be cpu, opencl or tornado, got " + target.backend());
        };
    }

    /** A backend outside the default build (TornadoVM's), found through {@link ServiceLoader}. */
    public static java.util.Optional<BackendProvider> provider(String name) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.name().equals(name)) {
                return java.util.Optional.of(provider);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code threads <= 0} means every available processor. */
    public static int resolveThreads(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public static Builder builder(int rows) {
        return new Builder(rows);
    }

    /** Runs the operation once on {@code rows} rows and waits for it: a blocking read of one float. */
    public float run() {
        program.run("op", rows, scalars);
        program.read(probe, probeValue, 0, 1);
        return probeValue[0];
    }

    public CompiledProgram program() {
        return program;
    }

    public String description() {
        return backend.description();
    }

    @Override
    public void close() {
        program.close();
        backend.close();
    }

    /** Fills a buffer's initial values. */
    @FunctionalInterface
    private interface Fill {
        void fill(float[] values, SplittableRandom random);
    }

    /** Declares buffers (filled with uniform random values) and the measured operation. */
    public static final class Builder {
        private final int rows;
        private final Program.Builder program;
        private final List<BufferSpec> specs = new ArrayList<>();
        private final List<Fill> fills = new ArrayList<>();
        private final List<Op> setup = new ArrayList<>();
        private Op op;
        private StepScalars scalars = StepScalars.NONE;
        private final long seed = 42;

        private Builder(int rows) {
            this.rows = rows;
            this.program = Program.builder(rows);
        }

        /** A buffer of {@code width} values per row, uniform in [lo, hi]. */
        public Builder perRow(String name, int width, float lo, float hi) {
            return add(BufferSpec.perRow(name, BufferRole.ACTIVATION, width), uniform(lo, hi));
        }

        /** A buffer of {@code width} values per row, random integers in [0, bound) held as floats (grid indices). */
        public Builder perRowIndices(String name, int width, int bound) {
            return add(BufferSpec.perRow(name, BufferRole.INPUT, width), (values, random) -> {
                for (int j = 0; j < values.length; j++) {
                    values[j] = random.nextInt(bound);
                }
            });
        }

        /** A buffer of fixed size, uniform in [lo, hi]. */
        public Builder fixed(String name, int size, float lo, float hi) {
            return add(BufferSpec.fixed(name, BufferRole.PARAMETER, size), uniform(lo, hi));
        }

        /**
         * A buffer of {@code width} values per row that the measured operation writes and the
         * program's caller reads (a row-local operation's output, which the cpu backend's row
         * chunks would otherwise keep to themselves).
         */
        public Builder perRowOutput(String name, int width) {
            return add(BufferSpec.perRow(name, BufferRole.OUTPUT, width), uniform(0f, 0f));
        }

        /** A buffer of fixed size holding {@code values} (a grid encoding's level resolutions). */
        public Builder fixedValues(String name, float[] values) {
            return add(BufferSpec.fixed(name, BufferRole.INPUT, values.length),
                    (buffer, random) -> System.arraycopy(values, 0, buffer, 0, values.length));
        }

        private Builder add(BufferSpec spec, Fill fill) {
            program.buffer(spec);
            specs.add(spec);
            fills.add(fill);
            return this;
        }

        private static Fill uniform(float lo, float hi) {
            return (values, random) -> {
                for (int j = 0; j < values.length; j++) {
                    values[j] = lo == hi ? lo : (float) (lo + (hi - lo) * random.nextDouble());
                }
            };
        }

        /** An operation run once after the buffers are filled, before any measurement. */
        public Builder setup(Op setupOp) {
            setup.add(setupOp);
            return this;
        }

        public Builder op(Op measured) {
            this.op = measured;
            return this;
        }

        public Builder scalars(StepScalars stepScalars) {
            this.scalars = stepScalars;
            return this;
        }

        /** On the cpu backend with {@code threads} (0 = all cores). */
        public OpHarness build(int threads, CpuBackend.GemmChoice gemm) {
            return build(Target.cpu(threads), gemm);
        }

        /** On the target's backend; {@code gemm} applies to cpu only. */
        public OpHarness build(Target target, CpuBackend.GemmChoice gemm) {
            if (op == null) {
                throw new IllegalStateException("no operation to measure");
            }
            program.routine("op", List.of(op));
            if (!setup.isEmpty()) {
                program.routine("setup", setup);
            }
            Backend backend = open(target, gemm);
            CompiledProgram compiled;
            try {
                compiled = backend.compile(program.build());
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < specs.size(); i++) {
                BufferSpec spec = specs.get(i);
                float[] values = new float[spec.length(rows)];
                fills.get(i).fill(values, random);
                compiled.write(spec.name(), values);
            }
            if (!setup.isEmpty()) {
                compiled.run("setup", rows, scalars);
            }
            // The last buffer declared (usually the output) is the one read back after each run.
            return new OpHarness(backend, compiled, rows, scalars, specs.get(specs.size() - 1).name());
        }
    }
}

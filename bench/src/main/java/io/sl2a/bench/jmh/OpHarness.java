package io.sl2a.bench.jmh;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A one-operation program compiled on a {@link CpuBackend}: what a benchmark measures is exactly the
 * code a training step runs for that operation (same binding, thread pool and sgemm). An optional
 * {@code setup} routine prepares derived inputs (e.g. the LayerNorm statistics) before timing.
 */
public final class OpHarness implements AutoCloseable {
    /** The reference sizes (batch, hidden width, rank, Chebyshev degree, inputs, outputs). */
    public static final int ROWS = 16384;
    public static final int WIDTH = 256;
    public static final int RANK = 128;
    public static final int DEGREE = 256;
    public static final int IN = 2;
    public static final int OUT = 3;

    private final CpuBackend backend;
    private final CompiledProgram program;
    private final int rows;
    private final StepScalars scalars;

    private OpHarness(CpuBackend backend, CompiledProgram program, int rows, StepScalars scalars) {
        this.backend = backend;
        this.program = program;
        this.rows = rows;
        this.scalars = scalars;
    }

    /** {@code threads <= 0} means every available processor. */
    public static int resolveThreads(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public static Builder builder(int rows) {
        return new Builder(rows);
    }

    /** Runs the operation once on {@code rows} rows. */
    public void run() {
        program.run("op", rows, scalars);
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

        public OpHarness build(int threads, CpuBackend.GemmChoice gemm) {
            if (op == null) {
                throw new IllegalStateException("no operation to measure");
            }
            program.routine("op", List.of(op));
            if (!setup.isEmpty()) {
                program.routine("setup", setup);
            }
            CpuBackend backend = new CpuBackend(resolveThreads(threads), gemm);
            CompiledProgram compiled = backend.compile(program.build());
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
            return new OpHarness(backend, compiled, rows, scalars);
        }
    }
}

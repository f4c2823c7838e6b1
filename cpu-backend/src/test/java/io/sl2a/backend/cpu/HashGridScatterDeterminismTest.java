package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The grid encoding's scatter is a sum of many rows into few table entries in random order; on the
 * CPU it must give the same bytes on every run and whatever the thread count. Two runs on one
 * thread, one on two and two on three (three level items, which three threads split differently
 * from two) are compared bit for bit, on a batch that sends thousands of rows into
 * each entry of the coarse levels.
 */
class HashGridScatterDeterminismTest {
    private static final int ROWS = 20_000;
    private static final int DIMS = 2;
    private static final int LEVEL_SIZE = 1 << 10;
    private static final float[] RESOLUTIONS = {4, 16, 64};
    private static final int FEATURES = 2;

    private static Program program() {
        int levels = RESOLUTIONS.length;
        int entries = HashGridKernels.levelOffset(RESOLUTIONS, levels, DIMS, LEVEL_SIZE);
        Program.Builder builder = Program.builder(ROWS);
        builder.buffer(BufferSpec.perRow("coords", BufferRole.INPUT, DIMS));
        builder.buffer(BufferSpec.fixed("resolutions", BufferRole.CONSTANT, levels));
        builder.buffer(BufferSpec.perRow("dOut", BufferRole.INPUT, levels * FEATURES));
        builder.buffer(BufferSpec.fixed("dTable", BufferRole.OUTPUT, entries * FEATURES));
        return builder.routine("backward", List.of(new Op.HashGridScatter("coords", "resolutions", "dOut", "dTable", DIMS,
                        levels, FEATURES, LEVEL_SIZE)))
                .build();
    }

    /** The gradient's bits: equal arrays are the same bytes (no -0 == 0, NaN by its bits). */
    private static int[] gradient(int threads) {
        Random random = new Random(9);
        try (CpuBackend backend = new CpuBackend(threads, GemmChoice.JAVA, 0);
                CompiledProgram compiled = backend.compile(program())) {
            compiled.write("coords", uniform(random, ROWS * DIMS, -1.0, 1.0));
            compiled.write("resolutions", RESOLUTIONS);
            compiled.write("dOut", uniform(random, ROWS * RESOLUTIONS.length * FEATURES, -1.0, 1.0));
            compiled.run("backward", ROWS, StepScalars.NONE);
            float[] values = compiled.read("dTable");
            int[] bits = new int[values.length];
            for (int k = 0; k < values.length; k++) {
                bits[k] = Float.floatToRawIntBits(values[k]);
            }
            return bits;
        }
    }

    @Test
    void sameBytesOnEveryRunAndThreadCount() {
        int[] reference = gradient(1);
        assertArrayEquals(reference, gradient(1), "1 thread, second run");
        assertArrayEquals(reference, gradient(2), "2 threads");
        assertArrayEquals(reference, gradient(3), "3 threads");
        assertArrayEquals(reference, gradient(3), "3 threads, second run");
    }
}

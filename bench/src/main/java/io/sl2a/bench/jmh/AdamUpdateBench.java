package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import io.sl2a.program.StepScalars;
import org.openjdk.jmh.annotations.Param;

/** Op.AdamUpdate of a parameter buffer the size of the Chebyshev coefficient tensor (2 x 256 x 257). */
public class AdamUpdateBench extends OpBenchmark {
    /** Elements updated; default 2 * 256 * 257, the coefficient tensor, the largest parameter. */
    @Param({"131584"})
    public int size;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(1)
                .fixed("param", size, -0.05f, 0.05f)
                .fixed("grad", size, -1e-3f, 1e-3f)
                .fixed("m", size, -1e-4f, 1e-4f)
                .fixed("v", size, 0f, 1e-6f)
                .scalars(StepScalars.adam(1e-3, 0.9, 0.999, 100))
                .op(Op.AdamUpdate.of("param", "grad", "m", "v", 0.9, 0.999, 1e-8))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

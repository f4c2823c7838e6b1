package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/**
 * Op.BiasActivationModulate: bias + ReLU in place and the next layer's input x * y, over rows x 256
 * (zero bias keeps the data stable from call to call).
 */
public class BiasActivationModulateBench extends BatchOpBenchmark {
    @Param({"256"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("y", width, -1f, 1f)
                .fixed("bias", width, 0f, 0f)
                .perRow("x", width, -1f, 1f)
                .perRow("z", width, 0f, 0f)
                .op(new Op.BiasActivationModulate("y", "bias", "x", "z", width, true))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

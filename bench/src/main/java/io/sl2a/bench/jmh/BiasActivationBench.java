package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.BiasActivation with ReLU, in place over rows x 256 (zero bias keeps the data stable from call to call). */
public class BiasActivationBench extends BatchOpBenchmark {
    @Param({"256"})
    public int width;

    @Param({"true"})
    public boolean relu;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("y", width, -1f, 1f)
                .fixed("bias", width, 0f, 0f)
                .op(new Op.BiasActivation("y", "bias", width, relu))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

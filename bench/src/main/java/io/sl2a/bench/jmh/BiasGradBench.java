package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.BiasGrad: column sums of rows x width (two-stage partial sums). Use -p width=3 for the output layer. */
public class BiasGradBench extends BatchOpBenchmark {
    @Param({"256"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("dY", width, -1f, 1f)
                .fixed("dBias", width, 0f, 0f)
                .op(new Op.BiasGrad("dY", "dBias", width))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;

/** Op.LayerNormBackward over rows x 256: input gradient plus the gamma/beta gradients (statistics from a forward run once at setup). */
public class LayerNormBackwardBench extends BatchOpBenchmark {
    @Override
    protected OpHarness createHarness() {
        int width = OpHarness.WIDTH;
        return LayerNormForwardBench.withForwardBuffers(OpHarness.builder(rows), width)
                .perRow("dY", width, -1f, 1f)
                .perRow("dX", width, 0f, 0f)
                .fixed("dGamma", width, 0f, 0f)
                .fixed("dBeta", width, 0f, 0f)
                .setup(LayerNormForwardBench.forward(width))
                .op(new Op.LayerNormBackward("dY", "x", "gamma", "mean", "rstd", "dX", "dGamma", "dBeta", width))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;

/** Op.LayerNormForward over rows x 256 (saves per-row mean and rstd). */
public class LayerNormForwardBench extends BatchOpBenchmark {
    @Override
    protected OpHarness createHarness() {
        return withForwardBuffers(OpHarness.builder(rows), OpHarness.WIDTH)
                .op(forward(OpHarness.WIDTH))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }

    /** Declares the forward's buffers: input x, gamma, beta, output y and the per-row mean and rstd. */
    static OpHarness.Builder withForwardBuffers(OpHarness.Builder b, int width) {
        return b.perRow("x", width, -1f, 1f)
                .fixed("gamma", width, 0.5f, 1.5f)
                .fixed("beta", width, -0.1f, 0.1f)
                .perRow("y", width, 0f, 0f)
                .perRow("mean", 1, 0f, 0f)
                .perRow("rstd", 1, 0f, 0f);
    }

    /** The forward over the buffers of {@link #withForwardBuffers}. */
    static Op forward(int width) {
        return new Op.LayerNormForward("x", "gamma", "beta", "y", "mean", "rstd", width, 1e-5f);
    }
}

package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.ReluBackward in place (dX = dY) over rows x 256, as the training step runs it. */
public class ReluBackwardBench extends BatchOpBenchmark {
    @Param({"256"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("y", width, -1f, 1f)
                .perRow("dY", width, -1f, 1f)
                .op(new Op.ReluBackward("y", "dY", "dY", width))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

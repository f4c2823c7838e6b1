package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.MseLoss over rows x 3: dPred and per-row squared errors. */
public class MseLossBench extends BatchOpBenchmark {
    @Param({"3"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("pred", width, 0f, 1f)
                .perRow("target", width, 0f, 1f)
                .perRow("dPred", width, 0f, 0f)
                .perRow("rowError", 1, 0f, 0f)
                .op(new Op.MseLoss("pred", "target", "dPred", "rowError", width))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

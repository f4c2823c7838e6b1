package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.ModulationBackward: dX (+)= dZ * yPrevious and dYPrevious = dZ * x in one pass over rows x 256. */
public class ModulationBackwardBench extends BatchOpBenchmark {
    @Param({"true"})
    public boolean accumulate;

    @Param({"256"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("dZ", width, -1f, 1f)
                .perRow("x", width, -1f, 1f)
                .perRow("yPrevious", width, -1f, 1f)
                .perRow("dX", width, 0f, 0f)
                .perRow("dYPrevious", width, 0f, 0f)
                .op(new Op.ModulationBackward("dZ", "x", "yPrevious", "dX", "dYPrevious", width, accumulate))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

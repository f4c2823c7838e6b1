package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.Multiply (the Hadamard modulation) over rows x 256, writing (false) or accumulating (true). */
public class MultiplyBench extends BatchOpBenchmark {
    @Param({"false", "true"})
    public boolean accumulate;

    @Param({"256"})
    public int width;

    @Override
    protected OpHarness createHarness() {
        return OpHarness.builder(rows)
                .perRow("a", width, -1f, 1f)
                .perRow("b", width, -1f, 1f)
                .perRow("out", width, 0f, 0f)
                .op(new Op.Multiply("a", "b", "out", width, accumulate))
                .build(target(), CpuBackend.GemmChoice.AUTO);
    }
}

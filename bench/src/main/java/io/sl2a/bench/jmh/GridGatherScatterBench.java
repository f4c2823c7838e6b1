package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/**
 * Grid path, per row: Op.GatherSum ({@code op=gather}: each row sums its two axis-table entries
 * into rows x 256) and Op.ScatterSum ({@code op=scatter}: the rows x 256 gradient scattered into the
 * 2 x 256 x 256 table's gradient), at random pixels of a 256x256 image.
 */
public class GridGatherScatterBench extends BatchOpBenchmark {
    @Param({"gather", "scatter"})
    public String op;

    /** Values per axis (the image's larger side). */
    @Param({"256"})
    public int axisLength;

    @Override
    protected OpHarness createHarness() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        OpHarness.Builder b = OpHarness.builder(rows)
                .perRowIndices("index", in, axisLength)
                .fixed("table", in * axisLength * width, -1f, 1f)
                .perRow("a", width, -1f, 1f);
        return switch (op) {
            case "gather" -> b.op(new Op.GatherSum("table", "index", "a", in, width, axisLength))
                    .build(target(), CpuBackend.GemmChoice.AUTO);
            case "scatter" -> b.op(new Op.ScatterSum("a", "index", "table", in, width, axisLength))
                    .build(target(), CpuBackend.GemmChoice.AUTO);
            default -> throw new IllegalArgumentException("op must be gather or scatter: " + op);
        };
    }
}

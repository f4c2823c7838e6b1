package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;
import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.EncodingKernels;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.program.Op;
import java.util.Arrays;

/** The grid path and the B-splines ({@link OpFamilies.Grid}) on the CPU. */
record CpuGridOps(CpuOpContext ctx) implements OpFamilies.Grid<CpuStep> {
    @Override
    public CpuStep gatherSum(Op.GatherSum o) {
        float[] table = ctx.buffer(o.table()), index = ctx.buffer(o.index()), out = ctx.buffer(o.out());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorRows.gatherSumRows(from, to, table, index, o.in(), o.outDim(), o.axisLength(), out));
    }

    @Override
    public CpuStep scatterSum(Op.ScatterSum o) {
        float[] dOut = ctx.buffer(o.dOut()), index = ctx.buffer(o.index()), dTable = ctx.buffer(o.dTable());
        int tableSize = o.in() * o.axisLength() * o.outDim();
        // One private table per thread: the rows of a batch hit the table in random order.
        int chunks = ctx.parallel().threads();
        float[] partial = new float[chunks * tableSize];
        return (rows, s) -> {
            int rowsPerChunk = (rows + chunks - 1) / chunks;
            ctx.parallel().run(chunks, 1, (from, to) -> {
                for (int chunk = from; chunk < to; chunk++) {
                    Arrays.fill(partial, chunk * tableSize, (chunk + 1) * tableSize, 0.0f);
                    VectorRows.scatterAddRows(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk),
                            dOut, index, o.in(), o.outDim(), o.axisLength(), partial, chunk * tableSize);
                }
            });
            ctx.parallel().run(tableSize, ELEMENT_GRAIN, (from, to) -> {
                for (int k = from; k < to; k++) {
                    LinearKernels.reducePartials(k, partial, chunks, tableSize, dTable);
                }
            });
        };
    }

    @Override
    public CpuStep positionalEncoding(Op.PositionalEncoding o) {
        float[] coords = ctx.buffer(o.coords()), out = ctx.buffer(o.out());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                EncodingKernels.positionalRow(row, coords, o.in(), o.frequencies(), out);
            }
        });
    }

    @Override
    public CpuStep bSplineBasis(Op.BSplineBasis o) {
        float[] x = ctx.buffer(o.x()), basis = ctx.buffer(o.basis());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                SplineKernels.basisRow(row, x, o.in(), o.gridSize(), o.lo(), o.hi(), basis);
            }
        });
    }

    @Override
    public CpuStep bSplineInputGrad(Op.BSplineInputGrad o) {
        float[] x = ctx.buffer(o.x()), dBasis = ctx.buffer(o.dBasis()), dX = ctx.buffer(o.dX());
        int accumulate = o.accumulate() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                SplineKernels.basisInputGradRow(row, x, dBasis, o.in(), o.gridSize(), o.lo(), o.hi(), accumulate, dX);
            }
        });
    }

    @Override
    public CpuStep scaleRows(Op.ScaleRows o) {
        float[] weight = ctx.buffer(o.weight()), scaler = ctx.buffer(o.scaler()), scaled = ctx.buffer(o.scaled());
        return (rows, s) -> ctx.parallel().run(o.rows(), 256, (from, to) -> {
            for (int r = from; r < to; r++) {
                SplineKernels.scaleRow(r, weight, scaler, o.length(), scaled);
            }
        });
    }

    @Override
    public CpuStep scaleRowsBackward(Op.ScaleRowsBackward o) {
        float[] dScaled = ctx.buffer(o.dScaled()), weight = ctx.buffer(o.weight()), scaler = ctx.buffer(o.scaler());
        float[] dWeight = ctx.buffer(o.dWeight()), dScaler = ctx.buffer(o.dScaler());
        return (rows, s) -> ctx.parallel().run(o.rows(), 256, (from, to) -> {
            for (int r = from; r < to; r++) {
                SplineKernels.scaleRowBackward(r, dScaled, weight, scaler, o.length(), dWeight, dScaler);
            }
        });
    }

    @Override
    public CpuStep hashGridEncode(Op.HashGridEncode o) {
        float[] coords = ctx.buffer(o.coords()), resolutions = ctx.buffer(o.resolutions());
        float[] table = ctx.buffer(o.table()), out = ctx.buffer(o.out());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                HashGridKernels.encodeRow(row, coords, resolutions, table, o.dims(), o.levels(), o.features(),
                        o.levelSize(), out);
            }
        });
    }

    /**
     * One work item per level: each owns its part of the gradient and adds the rows in order, so
     * the sum is exact to the same bytes whatever the thread count (no partial tables, no atomics),
     * and the same bytes as the devices' per-(level, feature) items. A level rather than a (level,
     * feature) pair: the point's cell and corners once for all features, which share a cache line
     * (the scatter's time is its random reads of the table: 71 ms a step of 65,536 points at 16
     * levels before, per pair).
     */
    @Override
    public CpuStep hashGridScatter(Op.HashGridScatter o) {
        float[] coords = ctx.buffer(o.coords()), resolutions = ctx.buffer(o.resolutions());
        float[] dOut = ctx.buffer(o.dOut()), dTable = ctx.buffer(o.dTable());
        return (rows, s) -> ctx.parallel().run(o.levels(), 1, (from, to) -> {
            for (int level = from; level < to; level++) {
                HashGridKernels.scatterLevel(level, rows, coords, resolutions, dOut, o.dims(), o.levels(),
                        o.features(), o.levelSize(), dTable);
            }
        });
    }

    @Override
    public CpuStep gridTotalVariation(Op.GridTotalVariation o) {
        float[] table = ctx.buffer(o.table()), dTable = ctx.buffer(o.dTable());
        int vertices = HashGridKernels.denseEntries(o.resolution(), o.dims(), Integer.MAX_VALUE);
        return (rows, s) -> ctx.parallel().run(vertices, ELEMENT_GRAIN, (from, to) -> {
            for (int v = from; v < to; v++) {
                HashGridKernels.totalVariationVertex(v, table, o.dims(), o.resolution(), o.features(), o.weight(),
                        dTable);
            }
        });
    }
}

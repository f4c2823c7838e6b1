package io.sl2a.backend.opencl;

import static io.sl2a.backend.opencl.OpenClOpContext.chunkRows;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.program.Op;
import org.jocl.cl_mem;

/** The grid path and the B-splines ({@link OpFamilies.Grid}) as OpenCL kernel launches. */
record OpenClGridOps(OpenClOpContext ctx) implements OpFamilies.Grid<OpenClOpBinder.Step> {
    /** Row chunks of the scatter, each with its own table, at most this many ... */
    static final int SCATTER_MAX_CHUNKS = 32;
    /** ... and at most this many floats of partial tables in all (64 MiB). */
    static final long SCATTER_PARTIAL_FLOATS = 16L << 20;

    static long tableSize(Op.ScatterSum o) {
        return (long) o.in() * o.axisLength() * o.outDim();
    }

    static int scatterChunks(long tableSize, int maxRows) {
        long byMemory = Math.max(1, SCATTER_PARTIAL_FLOATS / Math.max(1, tableSize));
        return (int) Math.max(1, Math.min(Math.min(SCATTER_MAX_CHUNKS, byMemory), maxRows));
    }

    @Override
    public OpenClOpBinder.Step gatherSum(Op.GatherSum o) {
        OpenClKernel k = ctx.kernel("gather_sum").arg(0, ctx.buffer(o.table())).arg(1, ctx.buffer(o.index()))
                .arg(2, o.in()).arg(3, o.outDim()).arg(4, o.axisLength()).arg(5, ctx.buffer(o.out()));
        return (rows, s) -> ctx.counted(k, 6, rows * o.outDim());
    }

    @Override
    public OpenClOpBinder.Step scatterSum(Op.ScatterSum o) {
        long tableSize = tableSize(o);
        int chunks = scatterChunks(tableSize, ctx.maxRows());
        cl_mem partial = ctx.buffer(OpenClBuffers.PARTIAL_A);
        OpenClKernel first = ctx.kernel("scatter_sum_partial").arg(2, ctx.buffer(o.dOut()))
                .arg(3, ctx.buffer(o.index())).arg(4, o.in()).arg(5, o.outDim()).arg(6, o.axisLength()).arg(7, partial);
        OpenClKernel second = ctx.reducePartials(partial, chunks, (int) tableSize, ctx.buffer(o.dTable()));
        return (rows, s) -> {
            first.arg(0, chunkRows(rows, chunks)).arg(1, rows);
            ctx.counted(first, 8, chunks * o.outDim());
            second.launch(ctx.queue(), tableSize);
        };
    }

    @Override
    public OpenClOpBinder.Step positionalEncoding(Op.PositionalEncoding o) {
        OpenClKernel k = ctx.kernel("positional_encoding").arg(0, ctx.buffer(o.coords())).arg(1, o.in())
                .arg(2, o.frequencies()).arg(3, ctx.buffer(o.out()));
        return (rows, s) -> ctx.counted(k, 4, rows * o.in());
    }

    @Override
    public OpenClOpBinder.Step bSplineBasis(Op.BSplineBasis o) {
        OpenClKernel k = ctx.kernel("bspline_basis").arg(0, ctx.buffer(o.x())).arg(1, o.in()).arg(2, o.gridSize())
                .arg(3, o.lo()).arg(4, o.hi()).arg(5, ctx.buffer(o.basis()));
        return (rows, s) -> ctx.counted(k, 6, rows * o.in());
    }

    @Override
    public OpenClOpBinder.Step bSplineInputGrad(Op.BSplineInputGrad o) {
        OpenClKernel k = ctx.kernel("bspline_input_grad").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.dBasis()))
                .arg(2, o.in()).arg(3, o.gridSize()).arg(4, o.lo()).arg(5, o.hi()).arg(6, o.accumulate() ? 1 : 0)
                .arg(7, ctx.buffer(o.dX()));
        return (rows, s) -> ctx.counted(k, 8, rows * o.in());
    }

    @Override
    public OpenClOpBinder.Step scaleRows(Op.ScaleRows o) {
        OpenClKernel k = ctx.kernel("scale_rows").arg(0, ctx.buffer(o.weight())).arg(1, ctx.buffer(o.scaler()))
                .arg(2, o.length()).arg(3, ctx.buffer(o.scaled())).arg(4, o.rows());
        return (rows, s) -> k.launch(ctx.queue(), o.rows());
    }

    @Override
    public OpenClOpBinder.Step scaleRowsBackward(Op.ScaleRowsBackward o) {
        OpenClKernel k = ctx.kernel("scale_rows_backward").arg(0, ctx.buffer(o.dScaled()))
                .arg(1, ctx.buffer(o.weight())).arg(2, ctx.buffer(o.scaler())).arg(3, o.length())
                .arg(4, ctx.buffer(o.dWeight())).arg(5, ctx.buffer(o.dScaler())).arg(6, o.rows());
        return (rows, s) -> k.launch(ctx.queue(), o.rows());
    }

    @Override
    public OpenClOpBinder.Step hashGridEncode(Op.HashGridEncode o) {
        OpenClKernel k = ctx.kernel("hash_grid_encode").arg(0, ctx.buffer(o.coords()))
                .arg(1, ctx.buffer(o.resolutions())).arg(2, ctx.buffer(o.table())).arg(3, o.dims()).arg(4, o.levels())
                .arg(5, o.features()).arg(6, o.levelSize()).arg(7, ctx.buffer(o.out()));
        return (rows, s) -> ctx.counted(k, 8, rows * o.levels());
    }

    @Override
    public OpenClOpBinder.Step hashGridScatter(Op.HashGridScatter o) {
        OpenClKernel k = ctx.kernel("hash_grid_scatter").arg(1, ctx.buffer(o.coords()))
                .arg(2, ctx.buffer(o.resolutions())).arg(3, ctx.buffer(o.dOut())).arg(4, o.dims()).arg(5, o.levels())
                .arg(6, o.features()).arg(7, o.levelSize()).arg(8, ctx.buffer(o.dTable()));
        return (rows, s) -> ctx.counted(k.arg(0, rows), 9, o.levels() * o.features());
    }

    @Override
    public OpenClOpBinder.Step gridTotalVariation(Op.GridTotalVariation o) {
        int vertices = HashGridKernels.denseEntries(o.resolution(), o.dims(), Integer.MAX_VALUE);
        OpenClKernel k = ctx.kernel("grid_total_variation").arg(0, ctx.buffer(o.table())).arg(1, o.dims())
                .arg(2, o.resolution()).arg(3, o.features()).arg(4, o.weight()).arg(5, ctx.buffer(o.dTable()));
        return (rows, s) -> ctx.counted(k, 6, vertices);
    }
}

package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoProgram.SCATTER_CHUNKS;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.program.Op;

/**
 * The grid path's gather and scatter, the positional encoding and the B-splines
 * ({@link OpFamilies.Grid}) as TornadoVM tasks.
 */
record TornadoGridOps(TornadoOpContext ctx) implements OpFamilies.Grid<TornadoStep> {
    @Override
    public TornadoStep gatherSum(Op.GatherSum o) {
        return op -> {
            float[] table = ctx.buffer(o.table()), idx = ctx.buffer(o.index()), out = ctx.buffer(o.out());
            op.task("gather_sum", o.out(), () -> createPackage(op.name(0), TornadoGridTasks::gatherSum,
                    ctx.rows(), table, idx, out, o.in(), o.outDim(), o.axisLength(), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep scatterSum(Op.ScatterSum o) {
        return op -> {
            float[] dOut = ctx.buffer(o.dOut()), idx = ctx.buffer(o.index()), dTable = ctx.buffer(o.dTable());
            int tableSize = o.in() * o.axisLength() * o.outDim();
            float[] partial = op.scratch(SCATTER_CHUNKS * tableSize);
            op.task("scatter_sum_partial", o.dTable(), () -> createPackage(op.name(0),
                    TornadoGridTasks::scatterSumPartial, ctx.rows(), dOut, idx, partial, o.in(), o.outDim(),
                    o.axisLength(),
                    SCATTER_CHUNKS));
            op.task("scatter_sum_reduce", o.dTable(), () -> createPackage(op.name(1),
                    TornadoTasks::reducePartials, partial, dTable, SCATTER_CHUNKS, tableSize));
        };
    }

    @Override
    public TornadoStep positionalEncoding(Op.PositionalEncoding o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), out = ctx.buffer(o.out());
            op.task("positional_encoding", o.out(), () -> createPackage(op.name(0),
                    TornadoGridTasks::positionalEncoding, ctx.rows(), coords, out, o.in(), o.frequencies(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep bSplineBasis(Op.BSplineBasis o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), basis = ctx.buffer(o.basis());
            op.task("bspline_basis", o.basis(), () -> createPackage(op.name(0),
                    TornadoGridTasks::bsplineBasis, ctx.rows(), x, basis, o.in(), o.gridSize(), o.lo(), o.hi(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep bSplineInputGrad(Op.BSplineInputGrad o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), dBasis = ctx.buffer(o.dBasis()), dX = ctx.buffer(o.dX());
            op.task("bspline_input_grad", o.dX(), () -> createPackage(op.name(0),
                    TornadoGridTasks::bsplineInputGrad, ctx.rows(), x, dBasis, dX, o.in(), o.gridSize(), o.lo(), o.hi(),
                    o.accumulate() ? 1 : 0, ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep scaleRows(Op.ScaleRows o) {
        return op -> {
            float[] weight = ctx.buffer(o.weight()), scaler = ctx.buffer(o.scaler()), scaled = ctx.buffer(o.scaled());
            op.task("scale_rows", o.scaled(), () -> createPackage(op.name(0), TornadoGridTasks::scaleRows,
                    weight, scaler, scaled, o.length(), o.rows()));
        };
    }

    @Override
    public TornadoStep scaleRowsBackward(Op.ScaleRowsBackward o) {
        return op -> {
            float[] dScaled = ctx.buffer(o.dScaled()), weight = ctx.buffer(o.weight()), scaler = ctx.buffer(o.scaler());
            float[] dWeight = ctx.buffer(o.dWeight()), dScaler = ctx.buffer(o.dScaler());
            op.task("scale_rows_backward", o.dWeight(), () -> createPackage(op.name(0),
                    TornadoGridTasks::scaleRowsBackward, dScaled, weight, scaler, dWeight, dScaler, o.length(),
                    o.rows()));
        };
    }

    @Override
    public TornadoStep hashGridEncode(Op.HashGridEncode o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), resolutions = ctx.buffer(o.resolutions());
            float[] table = ctx.buffer(o.table()), out = ctx.buffer(o.out());
            op.task("hash_grid_encode", o.out(), () -> createPackage(op.name(0), TornadoGridTasks::hashGridEncode,
                    ctx.rows(), coords, resolutions, table, out, o.dims(), o.levels(), o.features(), o.levelSize(),
                    ctx.maxRows()));
        };
    }

    /** One task item per (level, feature), each owning its slice: no atomics, deterministic. */
    @Override
    public TornadoStep hashGridScatter(Op.HashGridScatter o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), resolutions = ctx.buffer(o.resolutions());
            float[] dOut = ctx.buffer(o.dOut()), dTable = ctx.buffer(o.dTable());
            op.task("hash_grid_scatter", o.dTable(), () -> createPackage(op.name(0), TornadoGridTasks::hashGridScatter,
                    ctx.rows(), coords, resolutions, dOut, dTable, o.dims(), o.levels(), o.features(), o.levelSize()));
        };
    }

    @Override
    public TornadoStep gridTotalVariation(Op.GridTotalVariation o) {
        return op -> {
            float[] table = ctx.buffer(o.table()), dTable = ctx.buffer(o.dTable());
            int vertices = HashGridKernels.denseEntries(o.resolution(), o.dims(), Integer.MAX_VALUE);
            op.task("grid_total_variation", o.dTable(), () -> createPackage(op.name(0),
                    TornadoGridTasks::gridTotalVariation, table, dTable, o.dims(), o.resolution(), o.features(),
                    o.weight(), vertices));
        };
    }
}

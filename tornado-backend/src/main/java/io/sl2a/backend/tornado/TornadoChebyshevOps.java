package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoProgram.coeffGradSlices;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The Chebyshev operations ({@link OpFamilies.Chebyshev}) as TornadoVM tasks. */
record TornadoChebyshevOps(TornadoOpContext ctx) implements OpFamilies.Chebyshev<TornadoStep> {
    @Override
    public TornadoStep chebyshevForward(Op.ChebyshevForward o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), coeff = ctx.buffer(o.coeff()), out = ctx.buffer(o.out());
            op.task("chebyshev_forward", o.out(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevForward, ctx.rows(), coords, coeff, out, o.in(), o.outDim(),
                    o.degree(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o) {
        if (ctx.localReduce()) {
            return chebyshevCoeffGradSplit(o);
        }
        return chebyshevCoeffGradPlain(o);
    }

    private TornadoStep chebyshevCoeffGradSplit(Op.ChebyshevCoeffGrad o) {
        return op -> {
            // Split-k: the sum over the rows in slices (more work-items than the in*outDim pairs
            // the plain task has, each a shorter loop), then the slices summed per coefficient
            // in local memory (the bias gradient's column sum over a slices x coefficients matrix).
            float[] coords = ctx.buffer(o.coords()), dOut = ctx.buffer(o.dOut()), dCoeff = ctx.buffer(o.dCoeff());
            int pairs = o.in() * o.outDim();
            int coefficients = pairs * (o.degree() + 1);
            int slices = coeffGradSlices(ctx.maxRows());
            float[] partial = op.scratch(slices * coefficients);
            int[] sliceCount = {slices};
            int[] shape = {coefficients};
            op.readOnlyScratch(sliceCount);
            op.readOnlyScratch(shape);
            op.task("chebyshev_coeff_grad_slices", o.dCoeff(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevCoeffGradSlices, ctx.rows(), coords, dOut, partial, o.in(),
                    o.outDim(),
                    o.degree(), slices, slices * pairs));
            ctx.columnSumTask(op, "chebyshev_coeff_grad_reduce", o.dCoeff(), () -> op.name(1), sliceCount,
                    shape, partial, dCoeff, false);
        };
    }

    private TornadoStep chebyshevCoeffGradPlain(Op.ChebyshevCoeffGrad o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), dOut = ctx.buffer(o.dOut()), dCoeff = ctx.buffer(o.dCoeff());
            op.task("chebyshev_coeff_grad", o.dCoeff(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevCoeffGrad, ctx.rows(), coords, dOut, dCoeff, o.in(), o.outDim(),
                    o.degree(),
                    o.in() * o.outDim()));
        };
    }

    @Override
    public TornadoStep chebyshevInputGrad(Op.ChebyshevInputGrad o) {
        return op -> {
            float[] coords = ctx.buffer(o.coords()), coeff = ctx.buffer(o.coeff()), dOut = ctx.buffer(o.dOut());
            float[] dCoords = ctx.buffer(o.dCoords());
            op.task("chebyshev_input_grad", o.dCoords(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevInputGrad, ctx.rows(), coords, coeff, dOut, dCoords, o.in(),
                    o.outDim(),
                    o.degree(), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep chebyshevAxisTable(Op.ChebyshevAxisTable o) {
        return op -> {
            float[] values = ctx.buffer(o.values()), coeff = ctx.buffer(o.coeff()), table = ctx.buffer(o.table());
            op.task("chebyshev_axis_table", o.table(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevAxisTable, values, coeff, table, o.outDim(), o.degree(),
                    o.axisLength(),
                    o.in() * o.axisLength()));
        };
    }

    @Override
    public TornadoStep chebyshevAxisCoeffGrad(Op.ChebyshevAxisCoeffGrad o) {
        return op -> {
            float[] values = ctx.buffer(o.values()), dTable = ctx.buffer(o.dTable()), dCoeff = ctx.buffer(o.dCoeff());
            op.task("chebyshev_axis_coeff_grad", o.dCoeff(), () -> createPackage(op.name(0),
                    TornadoChebyshevTasks::chebyshevAxisCoeffGrad, values, dTable, dCoeff, o.outDim(), o.degree(),
                    o.axisLength(), o.in() * o.outDim()));
        };
    }
}

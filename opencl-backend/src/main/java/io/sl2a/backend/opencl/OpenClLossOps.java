package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The loss and regularisation terms ({@link OpFamilies.Loss}) as OpenCL kernel launches. */
record OpenClLossOps(OpenClOpContext ctx) implements OpFamilies.Loss<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step mseLoss(Op.MseLoss o) {
        OpenClKernel k = ctx.kernel("mse_row").arg(0, ctx.buffer(o.pred())).arg(1, ctx.buffer(o.target()))
                .arg(2, o.width()).arg(4, ctx.buffer(o.dPred())).arg(5, ctx.buffer(o.rowSquaredError()));
        return (rows, s) -> {
            // The contract's scale, from the row count, rounded as the CPU backend does.
            int count = o.rows().resolve(rows);
            k.arg(3, 2.0f / ((float) count * o.width()));
            ctx.counted(k, 6, count);
        };
    }

    @Override
    public OpenClOpBinder.Step accumulateSum(Op.AccumulateSum o) {
        OpenClKernel k = ctx.kernel("accumulate_sum").arg(0, ctx.buffer(o.values())).arg(2, ctx.buffer(o.total()));
        return (rows, s) -> {
            k.arg(1, rows);
            k.launch(ctx.queue(), 1);
        };
    }

    @Override
    public OpenClOpBinder.Step coefficientPenalty(Op.CoefficientPenalty o) {
        OpenClKernel k = ctx.kernel("coefficient_penalty").arg(0, ctx.buffer(o.coefficients())).arg(1, o.weightA())
                .arg(2, o.weightB()).arg(3, o.weightC()).arg(4, o.weightD()).arg(5, ctx.buffer(o.dCoefficients()))
                .arg(6, 4);
        return (rows, s) -> k.launch(ctx.queue(), 4);
    }
}

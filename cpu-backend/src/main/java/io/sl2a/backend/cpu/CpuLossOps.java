package io.sl2a.backend.cpu;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.LossKernels;
import io.sl2a.program.Op;

/** The loss and regularisation terms ({@link OpFamilies.Loss}) on the CPU. */
record CpuLossOps(CpuOpContext ctx) implements OpFamilies.Loss<CpuStep> {
    @Override
    public CpuStep mseLoss(Op.MseLoss o) {
        float[] pred = ctx.buffer(o.pred()), target = ctx.buffer(o.target());
        float[] dPred = ctx.buffer(o.dPred()), rowError = ctx.buffer(o.rowSquaredError());
        return (rows, s) -> {
            int count = o.rows().resolve(rows);
            float scale = 2.0f / ((float) count * o.width());
            ctx.parallel().run(count, 256, (from, to) -> {
                for (int row = from; row < to; row++) {
                    LossKernels.mseRow(row, pred, target, o.width(), scale, dPred, rowError);
                }
            });
        };
    }

    @Override
    public CpuStep accumulateSum(Op.AccumulateSum o) {
        float[] values = ctx.buffer(o.values()), total = ctx.buffer(o.total());
        return (rows, s) -> LossKernels.accumulateSum(0, values, rows, total);
    }

    @Override
    public CpuStep coefficientPenalty(Op.CoefficientPenalty o) {
        float[] coefficients = ctx.buffer(o.coefficients()), dCoefficients = ctx.buffer(o.dCoefficients());
        return (rows, s) -> {
            for (int j = 0; j < HarmonizerKernels.COEFFICIENTS; j++) {
                HarmonizerKernels.coefficientPenalty(j, coefficients, o.weightA(), o.weightB(), o.weightC(),
                        o.weightD(), dCoefficients);
            }
        };
    }
}

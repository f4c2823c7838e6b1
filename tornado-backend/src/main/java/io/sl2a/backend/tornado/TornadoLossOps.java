package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoOpContext.spec;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import uk.ac.manchester.tornado.api.KernelContext;

/** The loss and regularisation terms ({@link OpFamilies.Loss}) as TornadoVM tasks. */
record TornadoLossOps(TornadoOpContext ctx) implements OpFamilies.Loss<TornadoStep> {
    @Override
    public TornadoStep mseLoss(Op.MseLoss o) {
        return op -> {
            float[] pred = ctx.buffer(o.pred()), target = ctx.buffer(o.target());
            float[] dPred = ctx.buffer(o.dPred()), rowError = ctx.buffer(o.rowSquaredError());
            op.task("mse_loss", o.dPred(), () -> createPackage(op.name(0), TornadoLossTasks::mseLoss, ctx.rows(),
                    pred, target, dPred, rowError, o.width(), spec(o.rows()), o.rows().max(ctx.maxRows())));
        };
    }

    @Override
    public TornadoStep accumulateSum(Op.AccumulateSum o) {
        if (ctx.localReduce()) {
            return accumulateSumLocalSum(o);
        }
        return accumulateSumLoop(o);
    }

    private TornadoStep accumulateSumLocalSum(Op.AccumulateSum o) {
        return op -> {
            float[] values = ctx.buffer(o.values()), total = ctx.buffer(o.total());
            op.task("accumulate_sum", o.total(), TornadoReduce.sumGrid(), () -> createPackage(
                    op.name(0), TornadoReduce::sum, new KernelContext(), ctx.rows(), values, total));
        };
    }

    private TornadoStep accumulateSumLoop(Op.AccumulateSum o) {
        return op -> {
            float[] values = ctx.buffer(o.values()), total = ctx.buffer(o.total());
            op.task("accumulate_sum", o.total(), () -> createPackage(op.name(0),
                    TornadoLossTasks::accumulateSum, ctx.rows(), values, total, 1));
        };
    }

    @Override
    public TornadoStep coefficientPenalty(Op.CoefficientPenalty o) {
        return op -> {
            float[] coefficients = ctx.buffer(o.coefficients()), dCoefficients = ctx.buffer(o.dCoefficients());
            op.task("coefficient_penalty", o.dCoefficients(), () -> createPackage(op.name(0),
                    TornadoLossTasks::coefficientPenalty, coefficients, dCoefficients, o.weightA(), o.weightB(),
                    o.weightC(), o.weightD(), 4));
        };
    }
}

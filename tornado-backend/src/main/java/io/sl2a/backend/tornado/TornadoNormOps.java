package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoOpContext.flag;
import static io.sl2a.backend.tornado.TornadoProgram.PARTIAL_CHUNKS;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import uk.ac.manchester.tornado.api.KernelContext;

/** The normalisations ({@link OpFamilies.Norm}) as TornadoVM tasks. */
record TornadoNormOps(TornadoOpContext ctx) implements OpFamilies.Norm<TornadoStep> {
    @Override
    public TornadoStep layerNormForward(Op.LayerNormForward o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma()), beta = ctx.buffer(o.beta());
            float[] y = ctx.buffer(o.y()), mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            op.task("layernorm_forward", o.y(), () -> createPackage(op.name(0),
                    TornadoNormTasks::layerNormForward, ctx.rows(), x, gamma, beta, y, mean, rstd, o.width(), o.eps(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep layerNormBackward(Op.LayerNormBackward o) {
        if (ctx.localReduce()) {
            return layerNormBackwardLocalSums(o);
        }
        return layerNormBackwardChunked(o);
    }

    private TornadoStep layerNormBackwardLocalSums(Op.LayerNormBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma());
            float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            float[] dX = ctx.buffer(o.dX()), dGamma = ctx.buffer(o.dGamma()), dBeta = ctx.buffer(o.dBeta());
            int[] shape = {o.width()};
            op.readOnlyScratch(shape);
            op.task("layernorm_param_grad", o.dGamma(), TornadoReduce.columnGrid(o.width(), ctx.reduceLayout()),
                    () -> ctx.reduceLayout() == TornadoReduce.Layout.COALESCED
                            ? createPackage(op.name(0), TornadoReduce::layerNormParamGradCoalesced,
                                    new KernelContext(), ctx.rows(), shape, dY, x, mean, rstd, dGamma, dBeta)
                            : createPackage(op.name(0), TornadoReduce::layerNormParamGrad, new KernelContext(),
                                    ctx.rows(), shape, dY, x, mean, rstd, dGamma, dBeta));
            op.task("layernorm_backward", o.dX(), () -> createPackage(op.name(1),
                    TornadoNormTasks::layerNormBackward, ctx.rows(), dY, x, gamma, mean, rstd, dX, o.width(),
                    ctx.maxRows()));
        };
    }

    private TornadoStep layerNormBackwardChunked(Op.LayerNormBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma());
            float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            float[] dX = ctx.buffer(o.dX()), dGamma = ctx.buffer(o.dGamma()), dBeta = ctx.buffer(o.dBeta());
            float[] partialGamma = op.scratch(PARTIAL_CHUNKS * o.width());
            float[] partialBeta = op.scratch(PARTIAL_CHUNKS * o.width());
            op.task("layernorm_param_grad_partial", o.dGamma(), () -> createPackage(op.name(0),
                    TornadoNormTasks::layerNormParamGradPartial, ctx.rows(), dY, x, mean, rstd, partialGamma,
                    partialBeta,
                    o.width(), PARTIAL_CHUNKS));
            op.task("layernorm_gamma_grad_reduce", o.dGamma(), () -> createPackage(op.name(1),
                    TornadoTasks::reducePartials, partialGamma, dGamma, PARTIAL_CHUNKS, o.width()));
            op.task("layernorm_beta_grad_reduce", o.dBeta(), () -> createPackage(op.name(2),
                    TornadoTasks::reducePartials, partialBeta, dBeta, PARTIAL_CHUNKS, o.width()));
            op.task("layernorm_backward", o.dX(), () -> createPackage(op.name(3),
                    TornadoNormTasks::layerNormBackward, ctx.rows(), dY, x, gamma, mean, rstd, dX, o.width(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep batchNormForward(Op.BatchNormForward o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma()), beta = ctx.buffer(o.beta());
            float[] y = ctx.buffer(o.y()), mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            // Without a residual a dummy of its own: x twice in one task would hang the scheduler.
            float[] residual = o.residual() == null ? op.scratch(1) : ctx.buffer(o.residual());
            op.task("batchnorm_forward", o.y(), () -> createPackage(op.name(0),
                    TornadoNormTasks::batchNormForward, x, gamma, beta, residual, y, mean, rstd,
                    o.residual() == null ? 0 : 1, o.plane(), o.eps(), flag(o.relu()), o.channels()));
        };
    }

    @Override
    public TornadoStep batchNormBackward(Op.BatchNormBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), y = ctx.buffer(o.y()), x = ctx.buffer(o.x());
            float[] gamma = ctx.buffer(o.gamma());
            float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            float[] dX = ctx.buffer(o.dX()), dGamma = ctx.buffer(o.dGamma()), dBeta = ctx.buffer(o.dBeta());
            float[] dResidual = o.dResidual() == null ? op.scratch(1) : ctx.buffer(o.dResidual());
            int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
            op.task("batchnorm_backward", o.dX(), () -> createPackage(op.name(0),
                    TornadoNormTasks::batchNormBackward, dY, y, x, gamma, mean, rstd, dX, dGamma, dBeta, dResidual,
                    o.plane(), flag(o.relu()), residualMode, o.channels()));
        };
    }

    @Override
    public TornadoStep batchNormRunningStats(Op.BatchNormRunningStats o) {
        return op -> {
            float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
            float[] runningMean = ctx.buffer(o.runningMean()), runningVar = ctx.buffer(o.runningVar());
            op.task("batchnorm_running_stats", o.runningMean(), () -> createPackage(op.name(0),
                    TornadoNormTasks::batchNormRunningStats, mean, rstd, runningMean, runningVar, o.plane(), o.eps(),
                    o.momentum(), o.channels()));
        };
    }
}

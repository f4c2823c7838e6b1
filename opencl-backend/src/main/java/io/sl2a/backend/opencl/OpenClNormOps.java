package io.sl2a.backend.opencl;

import static io.sl2a.backend.opencl.OpenClOpContext.PARTIAL_CHUNKS;
import static io.sl2a.backend.opencl.OpenClOpContext.chunkRows;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import org.jocl.cl_mem;

/** The normalisations ({@link OpFamilies.Norm}) as OpenCL kernel launches. */
record OpenClNormOps(OpenClOpContext ctx) implements OpFamilies.Norm<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step layerNormForward(Op.LayerNormForward o) {
        OpenClKernel k = ctx.kernel("layer_norm_forward").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.gamma()))
                .arg(2, ctx.buffer(o.beta())).arg(3, o.width()).arg(4, o.eps()).arg(5, ctx.buffer(o.y()))
                .arg(6, ctx.buffer(o.mean())).arg(7, ctx.buffer(o.rstd()));
        return (rows, s) -> ctx.counted(k, 8, rows);
    }

    @Override
    public OpenClOpBinder.Step layerNormBackward(Op.LayerNormBackward o) {
        int width = o.width();
        cl_mem partialGamma = ctx.buffer(OpenClBuffers.PARTIAL_A), partialBeta = ctx.buffer(OpenClBuffers.PARTIAL_B);
        OpenClKernel params = ctx.kernel("layer_norm_param_grad_partial").arg(2, ctx.buffer(o.dY()))
                .arg(3, ctx.buffer(o.x())).arg(4, ctx.buffer(o.mean())).arg(5, ctx.buffer(o.rstd())).arg(6, width)
                .arg(7, partialGamma).arg(8, partialBeta);
        OpenClKernel gammaSum = ctx.reducePartials(partialGamma, PARTIAL_CHUNKS, width, ctx.buffer(o.dGamma()));
        OpenClKernel betaSum = ctx.reducePartials(partialBeta, PARTIAL_CHUNKS, width, ctx.buffer(o.dBeta()));
        OpenClKernel input = ctx.kernel("layer_norm_backward").arg(0, ctx.buffer(o.dY())).arg(1, ctx.buffer(o.x()))
                .arg(2, ctx.buffer(o.gamma())).arg(3, ctx.buffer(o.mean())).arg(4, ctx.buffer(o.rstd())).arg(5, width)
                .arg(6, ctx.buffer(o.dX()));
        return (rows, s) -> {
            params.arg(0, chunkRows(rows, PARTIAL_CHUNKS)).arg(1, rows);
            ctx.counted(params, 9, PARTIAL_CHUNKS * width);
            gammaSum.launch(ctx.queue(), width);
            betaSum.launch(ctx.queue(), width);
            ctx.counted(input, 7, rows);
        };
    }

    @Override
    public OpenClOpBinder.Step batchNormForward(Op.BatchNormForward o) {
        // Without a residual the kernel reads none; x stands in for the argument.
        OpenClKernel k = ctx.kernel("batch_norm_forward").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.gamma()))
                .arg(2, ctx.buffer(o.beta())).arg(3, ctx.buffer(o.residual() == null ? o.x() : o.residual()))
                .arg(4, o.residual() == null ? 0 : 1).arg(5, o.plane()).arg(6, o.eps()).arg(7, o.relu() ? 1 : 0)
                .arg(8, ctx.buffer(o.y())).arg(9, ctx.buffer(o.mean())).arg(10, ctx.buffer(o.rstd()))
                .arg(11, o.channels());
        return (rows, s) -> k.launch(ctx.queue(), o.channels());
    }

    @Override
    public OpenClOpBinder.Step batchNormBackward(Op.BatchNormBackward o) {
        // Without a residual gradient (mode 0) the kernel touches none; dX stands in for the argument.
        int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
        OpenClKernel k = ctx.kernel("batch_norm_backward").arg(0, ctx.buffer(o.dY())).arg(1, ctx.buffer(o.y()))
                .arg(2, ctx.buffer(o.x())).arg(3, ctx.buffer(o.gamma())).arg(4, ctx.buffer(o.mean()))
                .arg(5, ctx.buffer(o.rstd())).arg(6, o.plane()).arg(7, o.relu() ? 1 : 0).arg(8, residualMode)
                .arg(9, ctx.buffer(o.dX())).arg(10, ctx.buffer(o.dGamma())).arg(11, ctx.buffer(o.dBeta()))
                .arg(12, ctx.buffer(o.dResidual() == null ? o.dX() : o.dResidual())).arg(13, o.channels());
        return (rows, s) -> k.launch(ctx.queue(), o.channels());
    }

    @Override
    public OpenClOpBinder.Step batchNormRunningStats(Op.BatchNormRunningStats o) {
        OpenClKernel k = ctx.kernel("batch_norm_running_stats").arg(0, ctx.buffer(o.mean()))
                .arg(1, ctx.buffer(o.rstd())).arg(2, o.plane()).arg(3, o.eps()).arg(4, o.momentum())
                .arg(5, ctx.buffer(o.runningMean())).arg(6, ctx.buffer(o.runningVar())).arg(7, o.channels());
        return (rows, s) -> k.launch(ctx.queue(), o.channels());
    }
}

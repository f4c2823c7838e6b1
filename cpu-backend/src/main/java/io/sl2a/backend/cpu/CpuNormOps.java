package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.PARTIAL_CHUNKS;
import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.BatchNormKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.program.Op;
import java.util.Arrays;

/** The normalisations ({@link OpFamilies.Norm}) on the CPU. */
record CpuNormOps(CpuOpContext ctx) implements OpFamilies.Norm<CpuStep> {
    @Override
    public CpuStep layerNormForward(Op.LayerNormForward o) {
        float[] x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma()), beta = ctx.buffer(o.beta());
        float[] y = ctx.buffer(o.y()), mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorRows.layerNormForwardRows(from, to, x, gamma, beta, o.width(), o.eps(), y, mean, rstd));
    }

    @Override
    public CpuStep layerNormBackward(Op.LayerNormBackward o) {
        float[] dY = ctx.buffer(o.dY()), x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma());
        float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
        float[] dX = ctx.buffer(o.dX()), dGamma = ctx.buffer(o.dGamma()), dBeta = ctx.buffer(o.dBeta());
        float[] partialGamma = new float[PARTIAL_CHUNKS * o.width()];
        float[] partialBeta = new float[PARTIAL_CHUNKS * o.width()];
        return (rows, s) -> {
            int rowsPerChunk = (rows + PARTIAL_CHUNKS - 1) / PARTIAL_CHUNKS;
            ctx.parallel().run(PARTIAL_CHUNKS, 1, (from, to) -> {
                for (int chunk = from; chunk < to; chunk++) {
                    int offset = chunk * o.width();
                    Arrays.fill(partialGamma, offset, offset + o.width(), 0.0f);
                    Arrays.fill(partialBeta, offset, offset + o.width(), 0.0f);
                    VectorRows.addLayerNormParamGrads(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk),
                            dY, x, mean, rstd, o.width(), partialGamma, partialBeta, offset);
                }
            });
            for (int column = 0; column < o.width(); column++) {
                LinearKernels.reducePartials(column, partialGamma, PARTIAL_CHUNKS, o.width(), dGamma);
                LinearKernels.reducePartials(column, partialBeta, PARTIAL_CHUNKS, o.width(), dBeta);
            }
            ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                    VectorRows.layerNormBackwardRows(from, to, dY, x, gamma, mean, rstd, o.width(), dX));
        };
    }

    @Override
    public CpuStep batchNormForward(Op.BatchNormForward o) {
        float[] x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma()), beta = ctx.buffer(o.beta());
        float[] residual = o.residual() == null ? x : ctx.buffer(o.residual());
        float[] y = ctx.buffer(o.y()), mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
        int hasResidual = o.residual() == null ? 0 : 1;
        int relu = o.relu() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(o.channels(), 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                BatchNormKernels.forwardChannel(c, x, gamma, beta, residual, hasResidual, o.plane(), o.eps(), relu,
                        y, mean, rstd);
            }
        });
    }

    @Override
    public CpuStep batchNormBackward(Op.BatchNormBackward o) {
        float[] dY = ctx.buffer(o.dY()), y = ctx.buffer(o.y()), x = ctx.buffer(o.x()), gamma = ctx.buffer(o.gamma());
        float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
        float[] dX = ctx.buffer(o.dX()), dGamma = ctx.buffer(o.dGamma()), dBeta = ctx.buffer(o.dBeta());
        float[] dResidual = o.dResidual() == null ? dX : ctx.buffer(o.dResidual());
        int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
        int relu = o.relu() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(o.channels(), 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                BatchNormKernels.backwardChannel(c, dY, y, x, gamma, mean, rstd, o.plane(), relu, residualMode, dX,
                        dGamma, dBeta, dResidual);
            }
        });
    }

    @Override
    public CpuStep batchNormRunningStats(Op.BatchNormRunningStats o) {
        float[] mean = ctx.buffer(o.mean()), rstd = ctx.buffer(o.rstd());
        float[] runningMean = ctx.buffer(o.runningMean()), runningVar = ctx.buffer(o.runningVar());
        return (rows, s) -> {
            for (int c = 0; c < o.channels(); c++) {
                BatchNormKernels.runningStats(c, mean, rstd, o.plane(), o.eps(), o.momentum(), runningMean,
                        runningVar);
            }
        };
    }
}

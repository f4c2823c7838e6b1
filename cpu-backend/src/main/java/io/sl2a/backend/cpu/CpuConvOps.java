package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.program.Op;

/** The image operations ({@link OpFamilies.Conv}) on the CPU. */
record CpuConvOps(CpuOpContext ctx) implements OpFamilies.Conv<CpuStep> {
    @Override
    public CpuStep im2col(Op.Im2col o) {
        float[] x = ctx.buffer(o.x()), cols = ctx.buffer(o.cols());
        int positions = ConvolutionKernels.outSize(o.height(), o.kernel(), o.stride(), o.pad())
                * ConvolutionKernels.outSize(o.width(), o.kernel(), o.stride(), o.pad());
        int patchRows = o.channels() * o.kernel() * o.kernel();
        int grain = Math.max(1, ELEMENT_GRAIN / positions);
        return (rows, s) -> ctx.parallel().run(patchRows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                ConvolutionKernels.im2colRow(r, x, o.height(), o.width(), o.kernel(), o.stride(), o.pad(), cols);
            }
        });
    }

    @Override
    public CpuStep col2im(Op.Col2im o) {
        float[] dCols = ctx.buffer(o.dCols()), dX = ctx.buffer(o.dX());
        int count = o.channels() * o.height() * o.width();
        int accumulate = o.accumulate() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ConvolutionKernels.col2im(i, dCols, o.height(), o.width(), o.kernel(), o.stride(), o.pad(),
                        accumulate, dX);
            }
        });
    }

    @Override
    public CpuStep maxPoolForward(Op.MaxPoolForward o) {
        float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y()), argmax = ctx.buffer(o.argmax());
        int count = o.channels() * ConvolutionKernels.outSize(o.height(), o.kernel(), o.stride(), o.pad())
                * ConvolutionKernels.outSize(o.width(), o.kernel(), o.stride(), o.pad());
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ConvolutionKernels.maxPoolForward(i, x, o.height(), o.width(), o.kernel(), o.stride(), o.pad(), y,
                        argmax);
            }
        });
    }

    @Override
    public CpuStep maxPoolBackward(Op.MaxPoolBackward o) {
        float[] dY = ctx.buffer(o.dY()), argmax = ctx.buffer(o.argmax()), dX = ctx.buffer(o.dX());
        int count = o.channels() * o.height() * o.width();
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ConvolutionKernels.maxPoolBackward(i, dY, argmax, o.height(), o.width(), o.kernel(), o.stride(),
                        o.pad(), dX);
            }
        });
    }

    @Override
    public CpuStep channelMean(Op.ChannelMean o) {
        float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
        int grain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.plane()));
        return (rows, s) -> ctx.parallel().run(o.channels(), grain, (from, to) -> {
            for (int c = from; c < to; c++) {
                HarmonizerKernels.channelMean(c, x, o.plane(), y);
            }
        });
    }

    @Override
    public CpuStep channelMeanBackward(Op.ChannelMeanBackward o) {
        float[] dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
        int count = o.channels() * o.plane();
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int k = from; k < to; k++) {
                HarmonizerKernels.channelMeanBackward(k, dY, o.plane(), dX);
            }
        });
    }
}

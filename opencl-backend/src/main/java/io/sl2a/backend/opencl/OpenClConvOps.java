package io.sl2a.backend.opencl;

import static io.sl2a.backend.opencl.OpenClOpContext.positions;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The image operations ({@link OpFamilies.Conv}) as OpenCL kernel launches. */
record OpenClConvOps(OpenClOpContext ctx) implements OpFamilies.Conv<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step im2col(Op.Im2col o) {
        int count = o.channels() * o.kernel() * o.kernel() * positions(o.height(), o.width(), o.kernel(), o.stride(),
                o.pad());
        OpenClKernel k = ctx.kernel("im2col").arg(0, ctx.buffer(o.x())).arg(1, o.height()).arg(2, o.width())
                .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, ctx.buffer(o.cols())).arg(7, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step col2im(Op.Col2im o) {
        int count = o.channels() * o.height() * o.width();
        OpenClKernel k = ctx.kernel("col2im").arg(0, ctx.buffer(o.dCols())).arg(1, o.height()).arg(2, o.width())
                .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, o.accumulate() ? 1 : 0)
                .arg(7, ctx.buffer(o.dX())).arg(8, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step maxPoolForward(Op.MaxPoolForward o) {
        int count = o.channels() * positions(o.height(), o.width(), o.kernel(), o.stride(), o.pad());
        OpenClKernel k = ctx.kernel("max_pool_forward").arg(0, ctx.buffer(o.x())).arg(1, o.height()).arg(2, o.width())
                .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, ctx.buffer(o.y()))
                .arg(7, ctx.buffer(o.argmax())).arg(8, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step maxPoolBackward(Op.MaxPoolBackward o) {
        int count = o.channels() * o.height() * o.width();
        OpenClKernel k = ctx.kernel("max_pool_backward").arg(0, ctx.buffer(o.dY())).arg(1, ctx.buffer(o.argmax()))
                .arg(2, o.height()).arg(3, o.width()).arg(4, o.kernel()).arg(5, o.stride()).arg(6, o.pad())
                .arg(7, ctx.buffer(o.dX())).arg(8, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step channelMean(Op.ChannelMean o) {
        OpenClKernel k = ctx.kernel("channel_mean").arg(0, ctx.buffer(o.x())).arg(1, o.plane())
                .arg(2, ctx.buffer(o.y())).arg(3, o.channels());
        return (rows, s) -> k.launch(ctx.queue(), o.channels());
    }

    @Override
    public OpenClOpBinder.Step channelMeanBackward(Op.ChannelMeanBackward o) {
        int count = o.channels() * o.plane();
        OpenClKernel k = ctx.kernel("channel_mean_backward").arg(0, ctx.buffer(o.dY())).arg(1, o.plane())
                .arg(2, ctx.buffer(o.dX())).arg(3, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }
}

package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoOpContext.flag;
import static io.sl2a.backend.tornado.TornadoOpContext.positions;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The image operations ({@link OpFamilies.Conv}) as TornadoVM tasks. */
record TornadoConvOps(TornadoOpContext ctx) implements OpFamilies.Conv<TornadoStep> {
    @Override
    public TornadoStep im2col(Op.Im2col o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), cols = ctx.buffer(o.cols());
            int count = o.channels() * o.kernel() * o.kernel() * positions(o.height(), o.width(), o.kernel(),
            o.stride(),
                    o.pad());
            op.task("im2col", o.cols(), () -> createPackage(op.name(0), TornadoConvTasks::im2col, x, cols,
                    o.height(), o.width(), o.kernel(), o.stride(), o.pad(), count));
        };
    }

    @Override
    public TornadoStep col2im(Op.Col2im o) {
        return op -> {
            float[] dCols = ctx.buffer(o.dCols()), dX = ctx.buffer(o.dX());
            int count = o.channels() * o.height() * o.width();
            op.task("col2im", o.dX(), () -> createPackage(op.name(0), TornadoConvTasks::col2im, dCols, dX,
                    o.height(), o.width(), o.kernel(), o.stride(), o.pad(), flag(o.accumulate()), count));
        };
    }

    @Override
    public TornadoStep maxPoolForward(Op.MaxPoolForward o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y()), argmax = ctx.buffer(o.argmax());
            int count = o.channels() * positions(o.height(), o.width(), o.kernel(), o.stride(), o.pad());
            op.task("maxpool_forward", o.y(), () -> createPackage(op.name(0),
                    TornadoConvTasks::maxPoolForward, x, y, argmax, o.height(), o.width(), o.kernel(), o.stride(),
                    o.pad(), count));
        };
    }

    @Override
    public TornadoStep maxPoolBackward(Op.MaxPoolBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), argmax = ctx.buffer(o.argmax()), dX = ctx.buffer(o.dX());
            int count = o.channels() * o.height() * o.width();
            op.task("maxpool_backward", o.dX(), () -> createPackage(op.name(0),
                    TornadoConvTasks::maxPoolBackward, dY, argmax, dX, o.height(), o.width(), o.kernel(), o.stride(),
                    o.pad(), count));
        };
    }

    @Override
    public TornadoStep channelMean(Op.ChannelMean o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
            op.task("channel_mean", o.y(), () -> createPackage(op.name(0), TornadoConvTasks::channelMean, x,
                    y, o.plane(), o.channels()));
        };
    }

    @Override
    public TornadoStep channelMeanBackward(Op.ChannelMeanBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
            op.task("channel_mean_backward", o.dX(), () -> createPackage(op.name(0),
                    TornadoConvTasks::channelMeanBackward, dY, dX, o.plane(), o.channels() * o.plane()));
        };
    }
}

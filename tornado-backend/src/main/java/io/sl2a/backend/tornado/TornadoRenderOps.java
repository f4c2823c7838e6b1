package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The volume rendering and the sparse product ({@link OpFamilies.Render}) as TornadoVM tasks. */
record TornadoRenderOps(TornadoOpContext ctx) implements OpFamilies.Render<TornadoStep> {
    @Override
    public TornadoStep volumeRender(Op.VolumeRender o) {
        return op -> {
            float[] field = ctx.buffer(o.field()), t = ctx.buffer(o.t()), delta = ctx.buffer(o.delta());
            float[] rgb = ctx.buffer(o.rgb()), opacity = ctx.buffer(o.opacity()), depth = ctx.buffer(o.depth());
            op.task("volume_render", o.rgb(), () -> createPackage(op.name(0), TornadoRenderTasks::volumeRender,
            ctx.rows(),
                    field, t, delta, rgb, opacity, depth, o.samples(), o.background(), ctx.maxRays(o.samples())));
        };
    }

    @Override
    public TornadoStep volumeRenderBackward(Op.VolumeRenderBackward o) {
        return op -> {
            float[] field = ctx.buffer(o.field()), delta = ctx.buffer(o.delta()), rgb = ctx.buffer(o.rgb());
            float[] opacity = ctx.buffer(o.opacity()), dRgb = ctx.buffer(o.dRgb()), dField = ctx.buffer(o.dField());
            op.task("volume_render_backward", o.dField(), () -> createPackage(op.name(0),
                    TornadoRenderTasks::volumeRenderBackward, ctx.rows(), field, delta, rgb, opacity, dRgb, dField,
                    o.samples(),
                    o.background(), ctx.maxRays(o.samples())));
        };
    }

    @Override
    public TornadoStep sparseProduct(Op.SparseProduct o) {
        return op -> {
            float[] rowStart = ctx.buffer(o.rowStart()), columns = ctx.buffer(o.columns());
            float[] values = ctx.buffer(o.values());
            float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
            op.task("sparse_product", o.y(), () -> createPackage(op.name(0),
                    TornadoRenderTasks::sparseProduct, rowStart, columns, values, x, y, o.channels(), o.outRows()));
        };
    }
}

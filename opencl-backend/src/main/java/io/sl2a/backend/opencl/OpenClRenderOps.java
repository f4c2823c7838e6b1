package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** Volume rendering and the sparse product ({@link OpFamilies.Render}) as OpenCL kernel launches. */
record OpenClRenderOps(OpenClOpContext ctx) implements OpFamilies.Render<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step volumeRender(Op.VolumeRender o) {
        OpenClKernel k = ctx.kernel("volume_render").arg(0, ctx.buffer(o.field())).arg(1, ctx.buffer(o.t()))
                .arg(2, ctx.buffer(o.delta())).arg(3, o.samples()).arg(4, o.background()).arg(5, ctx.buffer(o.rgb()))
                .arg(6, ctx.buffer(o.opacity())).arg(7, ctx.buffer(o.depth()));
        return (rows, s) -> ctx.rays(k, 8, rows, o.samples());
    }

    @Override
    public OpenClOpBinder.Step volumeRenderBackward(Op.VolumeRenderBackward o) {
        OpenClKernel k = ctx.kernel("volume_render_backward").arg(0, ctx.buffer(o.field()))
                .arg(1, ctx.buffer(o.delta())).arg(2, ctx.buffer(o.rgb())).arg(3, ctx.buffer(o.opacity()))
                .arg(4, ctx.buffer(o.dRgb())).arg(5, o.samples()).arg(6, o.background()).arg(7, ctx.buffer(o.dField()));
        return (rows, s) -> ctx.rays(k, 8, rows, o.samples());
    }

    @Override
    public OpenClOpBinder.Step sparseProduct(Op.SparseProduct o) {
        OpenClKernel k = ctx.kernel("sparse_product").arg(0, ctx.buffer(o.rowStart())).arg(1, ctx.buffer(o.columns()))
                .arg(2, ctx.buffer(o.values())).arg(3, ctx.buffer(o.x())).arg(4, o.channels())
                .arg(5, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 6, o.outRows());
    }
}

package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** WIRE's complex operations ({@link OpFamilies.Complex}) as OpenCL kernel launches. */
record OpenClComplexOps(OpenClOpContext ctx) implements OpFamilies.Complex<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step complexBlock(Op.ComplexBlock o) {
        int count = o.rows() * o.cols();
        OpenClKernel k = ctx.kernel("complex_block").arg(0, ctx.buffer(o.weight())).arg(1, o.cols())
                .arg(2, ctx.buffer(o.block())).arg(3, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step complexBlockGrad(Op.ComplexBlockGrad o) {
        int count = o.rows() * o.cols();
        OpenClKernel k = ctx.kernel("complex_block_grad").arg(0, ctx.buffer(o.dBlock())).arg(1, o.cols())
                .arg(2, ctx.buffer(o.dWeight())).arg(3, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step complexGabor(Op.ComplexGabor o) {
        OpenClKernel k = ctx.kernel("complex_gabor").arg(0, ctx.buffer(o.pre())).arg(1, o.realInput() ? 1 : 0)
                .arg(2, o.omega()).arg(3, o.sigma()).arg(4, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 5, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step complexGaborBackward(Op.ComplexGaborBackward o) {
        OpenClKernel k = ctx.kernel("complex_gabor_backward").arg(0, ctx.buffer(o.pre())).arg(1, ctx.buffer(o.y()))
                .arg(2, ctx.buffer(o.dY())).arg(3, o.realInput() ? 1 : 0).arg(4, o.omega()).arg(5, o.sigma())
                .arg(6, ctx.buffer(o.dPre()));
        return (rows, s) -> ctx.counted(k, 7, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step realPart(Op.RealPart o) {
        OpenClKernel k = ctx.kernel("real_part").arg(0, ctx.buffer(o.z())).arg(1, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 2, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step realPartBackward(Op.RealPartBackward o) {
        OpenClKernel k = ctx.kernel("real_part_backward").arg(0, ctx.buffer(o.dY())).arg(1, ctx.buffer(o.dZ()));
        return (rows, s) -> ctx.counted(k, 2, rows * o.width());
    }
}

package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The activations and elementwise operations ({@link OpFamilies.Wave}) as OpenCL kernel launches. */
record OpenClWaveOps(OpenClOpContext ctx) implements OpFamilies.Wave<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step biasWave(Op.BiasWave o) {
        OpenClKernel k = ctx.kernel("bias_wave").arg(0, ctx.buffer(o.bias())).arg(1, o.width()).arg(2, o.kind())
                .arg(3, o.scale()).arg(4, ctx.buffer(o.pre())).arg(5, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 6, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step waveBackward(Op.WaveBackward o) {
        OpenClKernel k = ctx.kernel("wave_backward").arg(0, ctx.buffer(o.pre())).arg(1, ctx.buffer(o.dY()))
                .arg(2, o.kind()).arg(3, o.scale()).arg(4, ctx.buffer(o.dPre()));
        return (rows, s) -> ctx.counted(k, 5, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step incodeSine(Op.IncodeSine o) {
        OpenClKernel k = ctx.kernel("incode_sine").arg(0, ctx.buffer(o.pre())).arg(1, ctx.buffer(o.coefficients()))
                .arg(2, o.omega()).arg(3, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 4, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step incodeSineBackward(Op.IncodeSineBackward o) {
        OpenClKernel k = ctx.kernel("incode_sine_backward").arg(0, ctx.buffer(o.pre())).arg(1, ctx.buffer(o.y()))
                .arg(2, ctx.buffer(o.coefficients())).arg(3, ctx.buffer(o.dY())).arg(4, o.width()).arg(5, o.omega())
                .arg(6, ctx.buffer(o.dPre())).arg(7, ctx.buffer(o.rowCoefficientGrad()));
        return (rows, s) -> ctx.counted(k, 8, rows);
    }

    @Override
    public OpenClOpBinder.Step gaborWindow(Op.GaborWindow o) {
        OpenClKernel k = ctx.kernel("gabor_window").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.mu()))
                .arg(2, ctx.buffer(o.gamma())).arg(3, o.in()).arg(4, o.out()).arg(5, ctx.buffer(o.distance()))
                .arg(6, ctx.buffer(o.window()));
        return (rows, s) -> ctx.counted(k, 7, rows * o.out());
    }

    @Override
    public OpenClOpBinder.Step gaborWindowBackward(Op.GaborWindowBackward o) {
        OpenClKernel k = ctx.kernel("gabor_window_backward").arg(0, ctx.buffer(o.dWindow()))
                .arg(1, ctx.buffer(o.window())).arg(2, ctx.buffer(o.distance())).arg(3, ctx.buffer(o.a()))
                .arg(4, ctx.buffer(o.ad()));
        return (rows, s) -> ctx.counted(k, 5, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step gaborWindowParamGrad(Op.GaborWindowParamGrad o) {
        OpenClKernel k = ctx.kernel("gabor_window_param_grad").arg(0, ctx.buffer(o.mu())).arg(1, ctx.buffer(o.gamma()))
                .arg(2, ctx.buffer(o.ax())).arg(3, ctx.buffer(o.columnA())).arg(4, ctx.buffer(o.columnAd()))
                .arg(5, o.in()).arg(6, ctx.buffer(o.dMu())).arg(7, ctx.buffer(o.dGamma())).arg(8, o.out());
        return (rows, s) -> k.launch(ctx.queue(), o.out());
    }

    @Override
    public OpenClOpBinder.Step silu(Op.Silu o) {
        OpenClKernel k = ctx.kernel("silu").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 2, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step siluBackward(Op.SiluBackward o) {
        OpenClKernel k = ctx.kernel("silu_backward").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.dY()))
                .arg(2, o.accumulate() ? 1 : 0).arg(3, ctx.buffer(o.dX()));
        return (rows, s) -> ctx.counted(k, 4, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step multiply(Op.Multiply o) {
        OpenClKernel k = ctx.kernel("multiply").arg(0, ctx.buffer(o.a())).arg(1, ctx.buffer(o.b()))
                .arg(2, o.accumulate() ? 1 : 0).arg(3, ctx.buffer(o.out()));
        return (rows, s) -> ctx.counted(k, 4, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step copy(Op.Copy o) {
        OpenClKernel k = ctx.kernel("copy").arg(0, ctx.buffer(o.source())).arg(1, ctx.buffer(o.destination()));
        return (rows, s) -> ctx.counted(k, 2, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step columnCopy(Op.ColumnCopy o) {
        OpenClKernel k = ctx.kernel("column_copy").arg(0, ctx.buffer(o.src())).arg(1, o.srcWidth())
                .arg(2, o.srcOffset()).arg(3, ctx.buffer(o.dst())).arg(4, o.dstWidth()).arg(5, o.dstOffset())
                .arg(6, o.width()).arg(7, o.accumulate() ? 1 : 0);
        return (rows, s) -> ctx.counted(k, 8, rows * o.width());
    }
}

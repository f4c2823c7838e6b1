package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The optimiser's update of a parameter buffer ({@link OpFamilies.Optimiser}) as OpenCL kernel launches. */
record OpenClOptimiserOps(OpenClOpContext ctx) implements OpFamilies.Optimiser<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step adamUpdate(Op.AdamUpdate o) {
        long length = ctx.length(o.param());
        OpenClKernel k = ctx.kernel("adam_update").arg(0, ctx.buffer(o.param())).arg(1, ctx.buffer(o.grad()))
                .arg(2, ctx.buffer(o.m())).arg(3, ctx.buffer(o.v())).arg(5, o.beta1()).arg(6, o.oneMinusBeta1())
                .arg(7, o.beta2()).arg(8, o.oneMinusBeta2()).arg(9, o.eps()).arg(11, (int) length);
        return (rows, s) -> {
            k.arg(4, s.adamStepSize()).arg(10, s.adamSqrtBiasCorrection2());
            k.launch(ctx.queue(), length);
        };
    }
}

package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.AdamKernels;
import io.sl2a.program.Op;

/** The optimiser's update of a parameter buffer ({@link OpFamilies.Optimiser}) on the CPU. */
record CpuOptimiserOps(CpuOpContext ctx) implements OpFamilies.Optimiser<CpuStep> {
    @Override
    public CpuStep adamUpdate(Op.AdamUpdate o) {
        float[] param = ctx.buffer(o.param()), grad = ctx.buffer(o.grad());
        float[] m = ctx.buffer(o.m()), v = ctx.buffer(o.v());
        return (rows, s) -> ctx.parallel().run(param.length, ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                AdamKernels.update(i, param, grad, m, v, s.adamStepSize(), o.beta1(), o.oneMinusBeta1(), o.beta2(),
                        o.oneMinusBeta2(), o.eps(),
                        s.adamSqrtBiasCorrection2());
            }
        });
    }
}

package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.ComplexKernels;
import io.sl2a.program.Op;

/** WIRE's complex operations ({@link OpFamilies.Complex}) on the CPU. */
record CpuComplexOps(CpuOpContext ctx) implements OpFamilies.Complex<CpuStep> {
    @Override
    public CpuStep complexBlock(Op.ComplexBlock o) {
        float[] weight = ctx.buffer(o.weight()), block = ctx.buffer(o.block());
        int count = o.rows() * o.cols();
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int pq = from; pq < to; pq++) {
                ComplexKernels.blockFromWeight(pq, weight, o.cols(), block);
            }
        });
    }

    @Override
    public CpuStep complexBlockGrad(Op.ComplexBlockGrad o) {
        float[] dBlock = ctx.buffer(o.dBlock()), dWeight = ctx.buffer(o.dWeight());
        int count = o.rows() * o.cols();
        return (rows, s) -> ctx.parallel().run(count, ELEMENT_GRAIN, (from, to) -> {
            for (int pq = from; pq < to; pq++) {
                ComplexKernels.weightGradFromBlock(pq, dBlock, o.cols(), dWeight);
            }
        });
    }

    @Override
    public CpuStep complexGabor(Op.ComplexGabor o) {
        float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y());
        int realInput = o.realInput() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ComplexKernels.gabor(i, pre, realInput, o.omega(), o.sigma(), y);
            }
        });
    }

    @Override
    public CpuStep complexGaborBackward(Op.ComplexGaborBackward o) {
        float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY()), dPre = ctx.buffer(o.dPre());
        int realInput = o.realInput() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ComplexKernels.gaborBackward(i, pre, y, dY, realInput, o.omega(), o.sigma(), dPre);
            }
        });
    }

    @Override
    public CpuStep realPart(Op.RealPart o) {
        float[] z = ctx.buffer(o.z()), y = ctx.buffer(o.y());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ComplexKernels.realPart(i, z, y);
            }
        });
    }

    @Override
    public CpuStep realPartBackward(Op.RealPartBackward o) {
        float[] dY = ctx.buffer(o.dY()), dZ = ctx.buffer(o.dZ());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ComplexKernels.realPartBackward(i, dY, dZ);
            }
        });
    }
}

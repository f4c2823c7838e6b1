package io.sl2a.backend.opencl;

import static io.sl2a.backend.opencl.OpenClOpContext.PARTIAL_CHUNKS;
import static io.sl2a.backend.opencl.OpenClOpContext.chunkRows;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import org.jocl.cl_mem;

/** The dense layers' operations ({@link OpFamilies.Dense}) as OpenCL kernel launches. */
record OpenClDenseOps(OpenClOpContext ctx) implements OpFamilies.Dense<OpenClOpBinder.Step> {
    @Override
    public OpenClOpBinder.Step matMul(Op.MatMul o) {
        OpenClKernel k = ctx.kernel("gemm_tiled");
        cl_mem a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), c = ctx.buffer(o.c());
        return (rows, s) -> {
            int m = o.m().resolve(rows), n = o.n().resolve(rows), kk = o.k().resolve(rows);
            int lda = o.transposeA() ? m : kk;
            int ldb = o.transposeB() ? kk : n;
            ctx.gemm().enqueue(ctx.queue(), k, o.transposeA(), o.transposeB(), m, n, kk, a, 0, lda, b, 0, ldb,
                    o.accumulate() ? 1.0f : 0.0f, c, 0, n);
        };
    }

    @Override
    public OpenClOpBinder.Step biasActivation(Op.BiasActivation o) {
        OpenClKernel k = ctx.kernel("bias_activation").arg(0, ctx.buffer(o.bias())).arg(1, o.width())
                .arg(2, o.relu() ? 1 : 0).arg(3, ctx.buffer(o.y()));
        return (rows, s) -> ctx.counted(k, 4, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step biasActivationModulate(Op.BiasActivationModulate o) {
        OpenClKernel k = ctx.kernel("bias_activation_modulate").arg(0, ctx.buffer(o.bias())).arg(1, ctx.buffer(o.x()))
                .arg(2, o.width()).arg(3, o.relu() ? 1 : 0).arg(4, ctx.buffer(o.y())).arg(5, ctx.buffer(o.z()));
        return (rows, s) -> ctx.counted(k, 6, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step biasGrad(Op.BiasGrad o) {
        cl_mem partial = ctx.buffer(OpenClBuffers.PARTIAL_A);
        OpenClKernel first = ctx.kernel("column_sum_partial").arg(2, ctx.buffer(o.dY())).arg(3, o.width())
                .arg(4, partial);
        OpenClKernel second = o.accumulate()
                ? ctx.kernel("accumulate_partials").arg(0, partial).arg(1, PARTIAL_CHUNKS).arg(2, o.width())
                        .arg(3, ctx.buffer(o.dBias())).arg(4, o.width())
                : ctx.reducePartials(partial, PARTIAL_CHUNKS, o.width(), ctx.buffer(o.dBias()));
        return (rows, s) -> {
            first.arg(0, chunkRows(rows, PARTIAL_CHUNKS)).arg(1, rows);
            ctx.counted(first, 5, PARTIAL_CHUNKS * o.width());
            second.launch(ctx.queue(), o.width());
        };
    }

    @Override
    public OpenClOpBinder.Step reluBackward(Op.ReluBackward o) {
        OpenClKernel k = ctx.kernel("relu_backward").arg(0, ctx.buffer(o.y())).arg(1, ctx.buffer(o.dY()))
                .arg(2, ctx.buffer(o.dX()));
        return (rows, s) -> ctx.counted(k, 3, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step modulationBackward(Op.ModulationBackward o) {
        OpenClKernel k = ctx.kernel("modulation_backward").arg(0, ctx.buffer(o.dZ())).arg(1, ctx.buffer(o.x()))
                .arg(2, ctx.buffer(o.yPrevious())).arg(3, o.accumulate() ? 1 : 0).arg(4, ctx.buffer(o.dX()))
                .arg(5, ctx.buffer(o.dYPrevious()));
        return (rows, s) -> ctx.counted(k, 6, rows * o.width());
    }

    @Override
    public OpenClOpBinder.Step denseVector(Op.DenseVector o) {
        OpenClKernel k = ctx.kernel("dense_vector").arg(0, ctx.buffer(o.x())).arg(1, ctx.buffer(o.weight()))
                .arg(2, ctx.buffer(o.bias())).arg(3, o.in()).arg(4, o.silu() ? 1 : 0).arg(5, ctx.buffer(o.pre()))
                .arg(6, ctx.buffer(o.y())).arg(7, o.out());
        return (rows, s) -> k.launch(ctx.queue(), o.out());
    }

    /**
     * Two passes on the in-order queue: per output (dPre, dBias, the weight row), then, when dX is
     * wanted, per input (the sum over outputs needs every dPre). Without the SiLU, pre is not read
     * and may be absent: dY stands in for it.
     */
    @Override
    public OpenClOpBinder.Step denseVectorBackward(Op.DenseVectorBackward o) {
        cl_mem pre = o.pre() == null ? ctx.buffer(o.dY()) : ctx.buffer(o.pre());
        OpenClKernel outputs = ctx.kernel("dense_vector_backward_output").arg(0, ctx.buffer(o.dY())).arg(1, pre)
                .arg(2, ctx.buffer(o.x())).arg(3, o.in()).arg(4, o.silu() ? 1 : 0).arg(5, ctx.buffer(o.dPre()))
                .arg(6, ctx.buffer(o.dWeight())).arg(7, ctx.buffer(o.dBias())).arg(8, o.out());
        OpenClKernel inputs = o.dX() == null ? null
                : ctx.kernel("dense_vector_backward_input").arg(0, ctx.buffer(o.weight()))
                        .arg(1, ctx.buffer(o.dPre())).arg(2, o.in()).arg(3, o.out()).arg(4, ctx.buffer(o.dX()))
                        .arg(5, o.in());
        return (rows, s) -> {
            outputs.launch(ctx.queue(), o.out());
            if (inputs != null) {
                inputs.launch(ctx.queue(), o.in());
            }
        };
    }
}

package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;
import static io.sl2a.backend.cpu.CpuOpContext.PARTIAL_CHUNKS;
import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.program.Op;
import java.util.Arrays;

/** The dense layers' operations ({@link OpFamilies.Dense}) on the CPU. */
record CpuDenseOps(CpuOpContext ctx) implements OpFamilies.Dense<CpuStep> {
    @Override
    public CpuStep matMul(Op.MatMul o) {
        float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), c = ctx.buffer(o.c());
        return (rows, s) -> {
            int m = o.m().resolve(rows), n = o.n().resolve(rows), k = o.k().resolve(rows);
            int lda = o.transposeA() ? m : k;
            int ldb = o.transposeB() ? k : n;
            ctx.gemm().sgemm(o.transposeA(), o.transposeB(), m, n, k, 1.0f, a, 0, lda, b, 0, ldb,
                    o.accumulate() ? 1.0f : 0.0f, c, 0, n);
        };
    }

    @Override
    public CpuStep biasActivation(Op.BiasActivation o) {
        float[] y = ctx.buffer(o.y()), bias = ctx.buffer(o.bias());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorRows.biasActivationRows(from, to, bias, o.width(), o.relu(), y));
    }

    @Override
    public CpuStep biasActivationModulate(Op.BiasActivationModulate o) {
        float[] y = ctx.buffer(o.y()), bias = ctx.buffer(o.bias()), x = ctx.buffer(o.x()), z = ctx.buffer(o.z());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorRows.biasActivationModulateRows(from, to, bias, x, o.width(), o.relu(), y, z));
    }

    @Override
    public CpuStep biasGrad(Op.BiasGrad o) {
        float[] dY = ctx.buffer(o.dY()), dBias = ctx.buffer(o.dBias());
        float[] partial = new float[PARTIAL_CHUNKS * o.width()];
        return (rows, s) -> {
            int rowsPerChunk = (rows + PARTIAL_CHUNKS - 1) / PARTIAL_CHUNKS;
            ctx.parallel().run(PARTIAL_CHUNKS, 1, (from, to) -> {
                for (int chunk = from; chunk < to; chunk++) {
                    int offset = chunk * o.width();
                    Arrays.fill(partial, offset, offset + o.width(), 0.0f);
                    VectorRows.addColumnSums(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk), dY,
                            o.width(), partial, offset);
                }
            });
            for (int column = 0; column < o.width(); column++) {
                if (o.accumulate()) {
                    LinearKernels.accumulatePartials(column, partial, PARTIAL_CHUNKS, o.width(), dBias);
                } else {
                    LinearKernels.reducePartials(column, partial, PARTIAL_CHUNKS, o.width(), dBias);
                }
            }
        };
    }

    @Override
    public CpuStep reluBackward(Op.ReluBackward o) {
        float[] y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                VectorRows.reluBackward(from, to, y, dY, dX));
    }

    @Override
    public CpuStep modulationBackward(Op.ModulationBackward o) {
        float[] dZ = ctx.buffer(o.dZ()), x = ctx.buffer(o.x()), yPrevious = ctx.buffer(o.yPrevious());
        float[] dX = ctx.buffer(o.dX()), dYPrevious = ctx.buffer(o.dYPrevious());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                VectorRows.modulationBackward(from, to, dZ, x, yPrevious, o.accumulate(), dX, dYPrevious));
    }

    @Override
    public CpuStep denseVector(Op.DenseVector o) {
        float[] x = ctx.buffer(o.x()), weight = ctx.buffer(o.weight()), bias = ctx.buffer(o.bias());
        float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y());
        int silu = o.silu() ? 1 : 0;
        int grain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.in()));
        return (rows, s) -> ctx.parallel().run(o.out(), grain, (from, to) -> {
            for (int out = from; out < to; out++) {
                HarmonizerKernels.denseVector(out, x, weight, bias, o.in(), silu, pre, y);
            }
        });
    }

    @Override
    public CpuStep denseVectorBackward(Op.DenseVectorBackward o) {
        float[] dY = ctx.buffer(o.dY()), x = ctx.buffer(o.x());
        // pre is only read for the SiLU and may then be absent.
        float[] pre = o.pre() == null ? dY : ctx.buffer(o.pre());
        float[] dPre = ctx.buffer(o.dPre()), dWeight = ctx.buffer(o.dWeight()), dBias = ctx.buffer(o.dBias());
        float[] weight = o.dX() == null ? null : ctx.buffer(o.weight());
        float[] dX = o.dX() == null ? null : ctx.buffer(o.dX());
        int silu = o.silu() ? 1 : 0;
        int outputGrain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.in()));
        int inputGrain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.out()));
        return (rows, s) -> {
            ctx.parallel().run(o.out(), outputGrain, (from, to) -> {
                for (int out = from; out < to; out++) {
                    HarmonizerKernels.denseVectorBackwardOutput(out, dY, pre, x, o.in(), silu, dPre, dWeight, dBias);
                }
            });
            if (dX != null) {
                ctx.parallel().run(o.in(), inputGrain, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        HarmonizerKernels.denseVectorBackwardInput(i, weight, dPre, o.in(), o.out(), dX);
                    }
                });
            }
        };
    }
}

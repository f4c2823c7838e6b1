package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ELEMENT_GRAIN;
import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.ColumnKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GaborWindowKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.program.Op;

/** The activations and elementwise operations ({@link OpFamilies.Wave}) on the CPU. */
record CpuWaveOps(CpuOpContext ctx) implements OpFamilies.Wave<CpuStep> {
    @Override
    public CpuStep biasWave(Op.BiasWave o) {
        float[] pre = ctx.buffer(o.pre()), bias = ctx.buffer(o.bias()), y = ctx.buffer(o.y());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorWaves.biasWaveRows(from, to, bias, o.width(), o.kind(), o.scale(), pre, y));
    }

    @Override
    public CpuStep waveBackward(Op.WaveBackward o) {
        float[] pre = ctx.buffer(o.pre()), dY = ctx.buffer(o.dY()), dPre = ctx.buffer(o.dPre());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                VectorWaves.waveBackward(from, to, pre, dY, o.kind(), o.scale(), dPre));
    }

    @Override
    public CpuStep incodeSine(Op.IncodeSine o) {
        float[] pre = ctx.buffer(o.pre()), coefficients = ctx.buffer(o.coefficients()), y = ctx.buffer(o.y());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) ->
                VectorWaves.incodeSineRows(from, to, pre, coefficients, o.width(), o.omega(), y));
    }

    @Override
    public CpuStep incodeSineBackward(Op.IncodeSineBackward o) {
        float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y());
        float[] coefficients = ctx.buffer(o.coefficients()), dY = ctx.buffer(o.dY());
        float[] dPre = ctx.buffer(o.dPre()), rowGrad = ctx.buffer(o.rowCoefficientGrad());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> VectorWaves.incodeSineBackwardRows(from,
                to, pre, y, coefficients, dY, o.width(), o.omega(), dPre, rowGrad));
    }

    @Override
    public CpuStep gaborWindow(Op.GaborWindow o) {
        float[] x = ctx.buffer(o.x()), mu = ctx.buffer(o.mu()), gamma = ctx.buffer(o.gamma());
        float[] distance = ctx.buffer(o.distance()), window = ctx.buffer(o.window());
        return (rows, s) -> ctx.parallel().run(rows, ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                GaborWindowKernels.windowRow(row, x, mu, gamma, o.in(), o.out(), distance, window);
            }
        });
    }

    @Override
    public CpuStep gaborWindowBackward(Op.GaborWindowBackward o) {
        float[] dWindow = ctx.buffer(o.dWindow()), window = ctx.buffer(o.window()), distance = ctx.buffer(o.distance());
        float[] a = ctx.buffer(o.a()), ad = ctx.buffer(o.ad());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                GaborWindowKernels.windowBackward(i, dWindow, window, distance, a, ad);
            }
        });
    }

    @Override
    public CpuStep gaborWindowParamGrad(Op.GaborWindowParamGrad o) {
        float[] mu = ctx.buffer(o.mu()), gamma = ctx.buffer(o.gamma()), ax = ctx.buffer(o.ax());
        float[] columnA = ctx.buffer(o.columnA()), columnAd = ctx.buffer(o.columnAd());
        float[] dMu = ctx.buffer(o.dMu()), dGamma = ctx.buffer(o.dGamma());
        return (rows, s) -> {
            for (int out = 0; out < o.out(); out++) {
                GaborWindowKernels.parameterGrad(out, mu, gamma, ax, columnA, columnAd, o.in(), dMu, dGamma);
            }
        };
    }

    @Override
    public CpuStep silu(Op.Silu o) {
        float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                SplineKernels.silu(i, x, y);
            }
        });
    }

    @Override
    public CpuStep siluBackward(Op.SiluBackward o) {
        float[] x = ctx.buffer(o.x()), dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
        int accumulate = o.accumulate() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                SplineKernels.siluBackward(i, x, dY, accumulate, dX);
            }
        });
    }

    @Override
    public CpuStep multiply(Op.Multiply o) {
        float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), out = ctx.buffer(o.out());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                VectorRows.multiply(from, to, a, b, o.accumulate(), out));
    }

    @Override
    public CpuStep copy(Op.Copy o) {
        float[] source = ctx.buffer(o.source()), destination = ctx.buffer(o.destination());
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ElementwiseKernels.copy(i, source, destination);
            }
        });
    }

    @Override
    public CpuStep columnCopy(Op.ColumnCopy o) {
        float[] src = ctx.buffer(o.src()), dst = ctx.buffer(o.dst());
        int accumulate = o.accumulate() ? 1 : 0;
        return (rows, s) -> ctx.parallel().run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                ColumnKernels.columnCopy(i, src, o.srcWidth(), o.srcOffset(), dst, o.dstWidth(), o.dstOffset(),
                        o.width(), accumulate);
            }
        });
    }
}

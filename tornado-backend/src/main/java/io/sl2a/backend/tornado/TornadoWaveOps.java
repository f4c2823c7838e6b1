package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoOpContext.flag;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The activations and elementwise operations ({@link OpFamilies.Wave}) as TornadoVM tasks. */
record TornadoWaveOps(TornadoOpContext ctx) implements OpFamilies.Wave<TornadoStep> {
    @Override
    public TornadoStep biasWave(Op.BiasWave o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), bias = ctx.buffer(o.bias()), y = ctx.buffer(o.y());
            op.task("bias_wave", o.y(), () -> createPackage(op.name(0), TornadoWaveTasks::biasWave, ctx.rows(),
                    bias, pre, y, o.width(), o.kind(), o.scale(), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep waveBackward(Op.WaveBackward o) {
        if (o.dY().equals(o.dPre())) {
            return waveBackwardInPlace(o);
        }
        return waveBackwardSeparate(o);
    }

    private TornadoStep waveBackwardInPlace(Op.WaveBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), dY = ctx.buffer(o.dY());
            op.task("wave_backward_in_place", o.dPre(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::waveBackwardInPlace, ctx.rows(), pre, dY, o.width(), o.kind(), o.scale(),
                    ctx.maxRows() * o.width()));
        };
    }

    private TornadoStep waveBackwardSeparate(Op.WaveBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), dY = ctx.buffer(o.dY()), dPre = ctx.buffer(o.dPre());
            op.task("wave_backward", o.dPre(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::waveBackward, ctx.rows(), pre, dY, dPre, o.width(), o.kind(), o.scale(),
                    ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep incodeSine(Op.IncodeSine o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), coefficients = ctx.buffer(o.coefficients()), y = ctx.buffer(o.y());
            op.task("incode_sine", o.y(), () -> createPackage(op.name(0), TornadoWaveTasks::incodeSine,
                    ctx.rows(), pre, coefficients, y, o.width(), o.omega(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep incodeSineBackward(Op.IncodeSineBackward o) {
        if (o.dY().equals(o.dPre())) {
            return incodeSineBackwardInPlace(o);
        }
        return incodeSineBackwardSeparate(o);
    }

    private TornadoStep incodeSineBackwardInPlace(Op.IncodeSineBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y()), coefficients = ctx.buffer(o.coefficients());
            float[] dY = ctx.buffer(o.dY());
            float[] rowGrad = ctx.buffer(o.rowCoefficientGrad());
            op.task("incode_sine_backward_in_place", o.dPre(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::incodeSineBackwardInPlace, ctx.rows(), pre, y, coefficients, dY, rowGrad,
                    o.width(),
                    o.omega(), ctx.maxRows()));
        };
    }

    private TornadoStep incodeSineBackwardSeparate(Op.IncodeSineBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y()), coefficients = ctx.buffer(o.coefficients());
            float[] dY = ctx.buffer(o.dY());
            float[] dPre = ctx.buffer(o.dPre()), rowGrad = ctx.buffer(o.rowCoefficientGrad());
            op.task("incode_sine_backward", o.dPre(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::incodeSineBackward, ctx.rows(), pre, y, coefficients, dY, dPre, rowGrad,
                    o.width(),
                    o.omega(), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep gaborWindow(Op.GaborWindow o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), mu = ctx.buffer(o.mu()), gamma = ctx.buffer(o.gamma());
            float[] distance = ctx.buffer(o.distance()), window = ctx.buffer(o.window());
            op.task("gabor_window", o.window(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::gaborWindow, ctx.rows(), x, mu, gamma, distance, window, o.in(), o.out(),
                    ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep gaborWindowBackward(Op.GaborWindowBackward o) {
        return op -> {
            float[] dWindow = ctx.buffer(o.dWindow()), window = ctx.buffer(o.window());
            float[] distance = ctx.buffer(o.distance());
            float[] a = ctx.buffer(o.a()), ad = ctx.buffer(o.ad());
            op.task("gabor_window_backward", o.a(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::gaborWindowBackward, ctx.rows(), dWindow, window, distance, a, ad, o.width(),
                    ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep gaborWindowParamGrad(Op.GaborWindowParamGrad o) {
        return op -> {
            float[] mu = ctx.buffer(o.mu()), gamma = ctx.buffer(o.gamma()), ax = ctx.buffer(o.ax());
            float[] columnA = ctx.buffer(o.columnA()), columnAd = ctx.buffer(o.columnAd());
            float[] dMu = ctx.buffer(o.dMu()), dGamma = ctx.buffer(o.dGamma());
            op.task("gabor_window_param_grad", o.dMu(), () -> createPackage(op.name(0),
                    TornadoWaveTasks::gaborWindowParamGrad, mu, gamma, ax, columnA, columnAd, dMu, dGamma, o.in(),
                    o.out()));
        };
    }

    @Override
    public TornadoStep silu(Op.Silu o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
            op.task("silu", o.y(), () -> createPackage(op.name(0), TornadoWaveTasks::silu, ctx.rows(), x, y,
                    o.width(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep siluBackward(Op.SiluBackward o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
            op.task("silu_backward", o.dX(), () -> createPackage(op.name(0), TornadoWaveTasks::siluBackward,
                    ctx.rows(), x, dY, dX, o.width(), o.accumulate() ? 1 : 0, ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep multiply(Op.Multiply o) {
        if (o.a().equals(o.b()) && !o.a().equals(o.out())) {
            return multiplySquare(o);
        }
        return multiplyProduct(o);
    }

    private TornadoStep multiplySquare(Op.Multiply o) {
        return op -> {
            float[] a = ctx.buffer(o.a()), out = ctx.buffer(o.out());
            op.task("square", o.out(), () -> createPackage(op.name(0), TornadoWaveTasks::square, ctx.rows(), a,
                    out, o.width(), flag(o.accumulate()), ctx.maxRows() * o.width()));
        };
    }

    private TornadoStep multiplyProduct(Op.Multiply o) {
        return op -> {
            float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), out = ctx.buffer(o.out());
            op.task("multiply", o.out(), () -> createPackage(op.name(0), TornadoWaveTasks::multiply, ctx.rows(),
                    a, b, out, o.width(), flag(o.accumulate()), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep copy(Op.Copy o) {
        return op -> {
            float[] source = ctx.buffer(o.source()), destination = ctx.buffer(o.destination());
            op.task("copy", o.destination(), () -> createPackage(op.name(0), TornadoWaveTasks::copy, ctx.rows(),
                    source, destination, o.width(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep columnCopy(Op.ColumnCopy o) {
        return op -> {
            float[] src = ctx.buffer(o.src()), dst = ctx.buffer(o.dst());
            op.task("column_copy", o.dst(), () -> createPackage(op.name(0), TornadoWaveTasks::columnCopy, ctx.rows(),
                    src, dst, o.srcWidth(), o.srcOffset(), o.dstWidth(), o.dstOffset(), o.width(),
                    flag(o.accumulate()), ctx.maxRows() * o.width()));
        };
    }
}

package io.sl2a.backend.cpu;

import io.sl2a.kernels.IncodeKernels;
import io.sl2a.kernels.WaveKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cpu backend's path for {@link WaveKernels} and INCODE's composer ({@link IncodeKernels}): the same formulas over whole vectors of floats,
 * with {@link VectorMath}'s sine, cosine and exponential (vectorised, in float, the same bits in
 * every run) instead of one double-precision call per element, which made the wave activations
 * most of a baseline's step.
 * The arguments are formed in the same float operations as the bodies; the functions differ from
 * the bodies' rounded double results by about an ulp (the conformance suite bounds it).
 */
final class VectorWaves {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorWaves() {
    }

    /** {@link WaveKernels#biasWaveRow} for rows {@code [from, to)}. */
    static void biasWaveRows(int from, int to, float[] bias, int width, int kind, float scale, float[] pre, float[] y) {
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector z = FloatVector.fromArray(SPECIES, pre, base + j).add(FloatVector.fromArray(SPECIES, bias, j));
                z.intoArray(pre, base + j);
                value(kind, z, scale).intoArray(y, base + j);
            }
            for (; j < width; j++) {
                float z = pre[base + j] + bias[j];
                pre[base + j] = z;
                y[base + j] = WaveKernels.value(kind, z, scale);
            }
        }
    }

    /** {@link WaveKernels#waveBackward} for elements {@code [from, to)}. */
    static void waveBackward(int from, int to, float[] pre, float[] dY, int kind, float scale, float[] dPre) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
            FloatVector z = FloatVector.fromArray(SPECIES, pre, i);
            FloatVector.fromArray(SPECIES, dY, i).mul(derivative(kind, z, scale)).intoArray(dPre, i);
        }
        for (; i < to; i++) {
            WaveKernels.waveBackward(i, pre, dY, kind, scale, dPre);
        }
    }

    /** {@link IncodeKernels#incodeSine} for the elements of rows {@code [from, to)}. */
    static void incodeSineRows(int from, int to, float[] pre, float[] coefficients, int width, float omega, float[] y) {
        float amplitude = (float) Math.exp(coefficients[0]);
        float frequency = (float) Math.exp(coefficients[1]) * omega;
        float c = coefficients[2];
        float d = coefficients[3];
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector theta = FloatVector.fromArray(SPECIES, pre, base + j).mul(frequency).add(c);
                VectorMath.sin(theta).mul(amplitude).add(d).intoArray(y, base + j);
            }
            for (; j < width; j++) {
                y[base + j] = amplitude * (float) Math.sin(frequency * pre[base + j] + c) + d;
            }
        }
    }

    /**
     * {@link IncodeKernels#incodeSineBackwardRow} for rows {@code [from, to)} (dPre may be dY); the
     * row sums are taken lane-wise, then across lanes.
     */
    static void incodeSineBackwardRows(int from, int to, float[] pre, float[] y, float[] coefficients, float[] dY, int width,
            float omega, float[] dPre, float[] rowCoefficientGrad) {
        float amplitude = (float) Math.exp(coefficients[0]);
        float frequency = (float) Math.exp(coefficients[1]) * omega;
        float c = coefficients[2];
        float d = coefficients[3];
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            FloatVector sumC = FloatVector.zero(SPECIES);
            FloatVector sumD = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector p = FloatVector.fromArray(SPECIES, pre, base + j);
                FloatVector g = FloatVector.fromArray(SPECIES, dY, base + j);
                FloatVector gCos = g.mul(amplitude).mul(VectorMath.cos(p.mul(frequency).add(c)));
                sumA = g.fma(FloatVector.fromArray(SPECIES, y, base + j).sub(d), sumA);
                sumB = gCos.mul(frequency).fma(p, sumB);
                sumC = sumC.add(gCos);
                sumD = sumD.add(g);
                gCos.mul(frequency).intoArray(dPre, base + j);
            }
            float a = VectorRows.sumInOrder(sumA);
            float b = VectorRows.sumInOrder(sumB);
            float cc = VectorRows.sumInOrder(sumC);
            float dd = VectorRows.sumInOrder(sumD);
            for (; j < width; j++) {
                float p = pre[base + j];
                float g = dY[base + j];
                float gCos = g * amplitude * (float) Math.cos(frequency * p + c);
                a += g * (y[base + j] - d);
                b += gCos * frequency * p;
                cc += gCos;
                dd += g;
                dPre[base + j] = gCos * frequency;
            }
            int out = row * 4;
            rowCoefficientGrad[out] = a;
            rowCoefficientGrad[out + 1] = b;
            rowCoefficientGrad[out + 2] = cc;
            rowCoefficientGrad[out + 3] = dd;
        }
    }

    private static FloatVector value(int kind, FloatVector z, float scale) {
        if (kind == WaveKernels.SINE) {
            return VectorMath.sin(z.mul(scale));
        }
        if (kind == WaveKernels.GAUSS) {
            FloatVector sz = z.mul(scale);
            return VectorMath.exp(sz.mul(sz).neg());
        }
        FloatVector frequency = z.abs().add(1.0f).mul(scale);
        return VectorMath.sin(frequency.mul(z));
    }

    private static FloatVector derivative(int kind, FloatVector z, float scale) {
        if (kind == WaveKernels.SINE) {
            return VectorMath.cos(z.mul(scale)).mul(scale);
        }
        if (kind == WaveKernels.GAUSS) {
            FloatVector sz = z.mul(scale);
            return sz.mul(-2.0f).mul(scale).mul(VectorMath.exp(sz.mul(sz).neg()));
        }
        FloatVector frequency = z.abs().add(1.0f).mul(scale);
        return VectorMath.cos(frequency.mul(z)).mul(frequency);
    }
}

package io.sl2a.backend.cpu;

import io.sl2a.kernels.WaveKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cpu backend's path for {@link WaveKernels}: the same formulas over whole vectors of floats,
 * with the Vector API's sine, cosine and exponential (vectorised, in float) instead of one
 * double-precision call per element, which made the wave activations most of a baseline's step.
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

    private static FloatVector value(int kind, FloatVector z, float scale) {
        if (kind == WaveKernels.SINE) {
            return z.mul(scale).lanewise(VectorOperators.SIN);
        }
        if (kind == WaveKernels.GAUSS) {
            FloatVector sz = z.mul(scale);
            return sz.mul(sz).neg().lanewise(VectorOperators.EXP);
        }
        FloatVector frequency = z.abs().add(1.0f).mul(scale);
        return frequency.mul(z).lanewise(VectorOperators.SIN);
    }

    private static FloatVector derivative(int kind, FloatVector z, float scale) {
        if (kind == WaveKernels.SINE) {
            return z.mul(scale).lanewise(VectorOperators.COS).mul(scale);
        }
        if (kind == WaveKernels.GAUSS) {
            FloatVector sz = z.mul(scale);
            return sz.mul(-2.0f).mul(scale).mul(sz.mul(sz).neg().lanewise(VectorOperators.EXP));
        }
        FloatVector frequency = z.abs().add(1.0f).mul(scale);
        return frequency.mul(z).lanewise(VectorOperators.COS).mul(frequency);
    }
}

package io.sl2a.kernels;

/**
 * The activations of the periodic and Gaussian baselines, applied after a linear layer's bias,
 * with a scale s (SIREN's and FINER's omega, the Gaussian's sigma):
 * <pre>
 * SINE   f(z) = sin(s z)                      f'(z) = s cos(s z)
 * GAUSS  f(z) = exp(-(s z)^2)                 f'(z) = -2 s^2 z exp(-(s z)^2)
 * FINER  f(z) = sin(s (|z| + 1) z)            f'(z) = s (|z| + 1) cos(s (|z| + 1) z)
 * </pre>
 * FINER's derivative holds the scale |z| + 1 constant, as the reference computes it (the scale
 * under no_grad, its default). The arguments are computed in float as the references compute
 * them, the sine, cosine and exponential in double and rounded.
 */
public final class WaveKernels {
    public static final int SINE = 0;
    public static final int GAUSS = 1;
    public static final int FINER = 2;

    private WaveKernels() {
    }

    public static float value(int kind, float z, float scale) {
        // Arguments in float, as the references compute them; the function in double, rounded.
        if (kind == SINE) {
            return (float) Math.sin(scale * z);
        }
        if (kind == GAUSS) {
            float sz = scale * z;
            return (float) Math.exp(-(sz * sz));
        }
        float frequency = scale * (Math.abs(z) + 1.0f);
        return (float) Math.sin(frequency * z);
    }

    public static float derivative(int kind, float z, float scale) {
        if (kind == SINE) {
            return (float) Math.cos(scale * z) * scale;
        }
        if (kind == GAUSS) {
            float sz = scale * z;
            return -2.0f * sz * scale * (float) Math.exp(-(sz * sz));
        }
        float frequency = scale * (Math.abs(z) + 1.0f);
        return (float) Math.cos(frequency * z) * frequency;
    }

    /**
     * One row: {@code pre += bias} (kept for the backward) and {@code y = f(pre)}.
     */
    public static void biasWaveRow(int row, float[] bias, int width, int kind, float scale, float[] pre, float[] y) {
        int base = row * width;
        for (int j = 0; j < width; j++) {
            float z = pre[base + j] + bias[j];
            pre[base + j] = z;
            y[base + j] = value(kind, z, scale);
        }
    }

    /** {@code dPre[i] = dY[i] * f'(pre[i])}; may run in place (dPre = dY). */
    public static void waveBackward(int i, float[] pre, float[] dY, int kind, float scale, float[] dPre) {
        dPre[i] = dY[i] * derivative(kind, pre[i], scale);
    }
}

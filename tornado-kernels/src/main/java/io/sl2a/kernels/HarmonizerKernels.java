package io.sl2a.kernels;

/**
 * INCODE's harmonizer, one vector at a time: the channel means of a CHW feature map (adaptive
 * average pooling to 1x1) and a dense layer with an optional SiLU over that vector (nn.Linear's
 * [out, in] weight), with their backwards, and the penalty on the four coefficients it outputs.
 * Every op here has a fixed size (no batch dimension), so the work-items are channels, outputs or
 * inputs, and each writes only its own entries (no atomics).
 */
public final class HarmonizerKernels {
    /** The composer's coefficients a, b, c, d. */
    public static final int COEFFICIENTS = 4;

    private HarmonizerKernels() {
    }

    /** {@code y[c] = sum of x[c, 0..plane) / plane}, summed in order. */
    public static void channelMean(int c, float[] x, int plane, float[] y) {
        int base = c * plane;
        float sum = 0.0f;
        for (int i = 0; i < plane; i++) {
            sum += x[base + i];
        }
        y[c] = sum / plane;
    }

    /** Element {@code k = c*plane + i}: {@code dX[k] = dY[c] / plane}. */
    public static void channelMeanBackward(int k, float[] dY, int plane, float[] dX) {
        dX[k] = dY[k / plane] / plane;
    }

    /**
     * Output o: {@code pre[o] = bias[o] + sum_i weight[o*in + i] x[i]} (the sum first, then the bias),
     * {@code y[o] = silu(pre[o])} when {@code silu} is non-zero, else {@code pre[o]} (y may be pre).
     */
    public static void denseVector(int o, float[] x, float[] weight, float[] bias, int in, int silu, float[] pre,
            float[] y) {
        int row = o * in;
        float sum = 0.0f;
        for (int i = 0; i < in; i++) {
            sum += weight[row + i] * x[i];
        }
        float p = sum + bias[o];
        pre[o] = p;
        if (silu != 0) {
            // sigma in double and rounded, as SplineKernels.silu.
            float sigma = (float) (1.0 / (1.0 + Math.exp(-p)));
            y[o] = p * sigma;
        } else {
            y[o] = p;
        }
    }

    /**
     * The backward's first pass, output o: {@code dPre[o] = silu ? dY[o] silu'(pre[o]) : dY[o]},
     * {@code dBias[o] = dPre[o]} and the weight row {@code dWeight[o, i] = dPre[o] x[i]}. dPre may be dY.
     */
    public static void denseVectorBackwardOutput(int o, float[] dY, float[] pre, float[] x, int in, int silu,
            float[] dPre, float[] dWeight, float[] dBias) {
        float g = dY[o];
        if (silu != 0) {
            float p = pre[o];
            float sigma = (float) (1.0 / (1.0 + Math.exp(-p)));
            g = g * (sigma * (1.0f + p * (1.0f - sigma)));
        }
        dPre[o] = g;
        dBias[o] = g;
        int row = o * in;
        for (int i = 0; i < in; i++) {
            dWeight[row + i] = g * x[i];
        }
    }

    /** The backward's second pass, after the first, input i: {@code dX[i] = sum_o weight[o*in + i] dPre[o]}. */
    public static void denseVectorBackwardInput(int i, float[] weight, float[] dPre, int in, int out, float[] dX) {
        float sum = 0.0f;
        for (int o = 0; o < out; o++) {
            sum += weight[o * in + i] * dPre[o];
        }
        dX[i] = sum;
    }

    /**
     * Coefficient j of 4: the gradient of {@code sum_j w_j relu(-coefficients[j])} added to
     * {@code dCoefficients}, i.e. {@code dCoefficients[j] -= w_j} where {@code coefficients[j] < 0}.
     */
    public static void coefficientPenalty(int j, float[] coefficients, float weightA, float weightB, float weightC,
            float weightD, float[] dCoefficients) {
        float weight = j == 0 ? weightA : j == 1 ? weightB : j == 2 ? weightC : weightD;
        if (coefficients[j] < 0.0f) {
            dCoefficients[j] = dCoefficients[j] - weight;
        }
    }
}

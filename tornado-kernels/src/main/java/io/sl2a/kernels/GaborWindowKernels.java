package io.sl2a.kernels;

/**
 * The Gaussian window of GaborNet's filters (multiplicative filter networks), per output unit o
 * with centre mu_o [in] and precision gamma_o:
 * <pre>
 * D[r,o] = sum_i (x[r,i] - mu[o,i])^2        w[r,o] = exp(-gamma_o D[r,o] / 2)
 * A = dW * w                                 dGamma_o = -1/2 sum_r A[r,o] D[r,o]
 * dMu[o,i] = gamma_o (sum_r A[r,o] x[r,i] - mu[o,i] sum_r A[r,o])
 * </pre>
 * The sums over rows are the program's column sums and product (BiasGrad, MatMul); these bodies do
 * the rest. The distance is computed directly (the reference expands it as |x|^2 + |mu|^2 - 2 x.mu,
 * the same value to rounding).
 */
public final class GaborWindowKernels {
    private GaborWindowKernels() {
    }

    /** One row: D and w for every output. */
    public static void windowRow(int row, float[] x, float[] mu, float[] gamma, int in, int out, float[] distance,
            float[] window) {
        for (int o = 0; o < out; o++) {
            float d = 0.0f;
            for (int i = 0; i < in; i++) {
                float difference = x[row * in + i] - mu[o * in + i];
                d += difference * difference;
            }
            distance[row * out + o] = d;
            window[row * out + o] = (float) Math.exp(-0.5f * gamma[o] * d);
        }
    }

    /** One element: {@code a = dWindow * window}, {@code ad = a * distance}. */
    public static void windowBackward(int i, float[] dWindow, float[] window, float[] distance, float[] a, float[] ad) {
        float value = dWindow[i] * window[i];
        a[i] = value;
        ad[i] = value * distance[i];
    }

    /** One output o: its centre's and precision's gradients from the sums over rows. */
    public static void parameterGrad(int o, float[] mu, float[] gamma, float[] ax, float[] columnA, float[] columnAd, int in,
            float[] dMu, float[] dGamma) {
        for (int i = 0; i < in; i++) {
            dMu[o * in + i] = gamma[o] * (ax[o * in + i] - mu[o * in + i] * columnA[o]);
        }
        dGamma[o] = -0.5f * columnAd[o];
    }
}

package io.sl2a.kernels;

/**
 * Adam with PyTorch's semantics (torch.optim.Adam, no weight decay, no amsgrad):
 * <pre>
 * m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
 * p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
 * </pre>
 * with the bias corrections {@code bc1 = 1 - beta1^t}, {@code bc2 = 1 - beta2^t} computed by the
 * caller in double precision, as PyTorch does. The complements {@code 1 - beta} are passed in too:
 * in float, 1 - 0.999f is 1.3e-5 (relative) off PyTorch's 0.001.
 */
public final class AdamKernels {
    private AdamKernels() {
    }

    public static void update(int i, float[] param, float[] grad, float[] m, float[] v, float stepSize, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps, float sqrtBiasCorrection2) {
        float g = grad[i];
        float mi = beta1 * m[i] + oneMinusBeta1 * g;
        float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
        m[i] = mi;
        v[i] = vi;
        float denom = (float) Math.sqrt(vi) / sqrtBiasCorrection2 + eps;
        param[i] = param[i] - stepSize * mi / denom;
    }
}

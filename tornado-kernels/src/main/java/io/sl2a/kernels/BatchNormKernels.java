package io.sl2a.kernels;

/**
 * Batch normalisation of one CHW image in training mode, as torch.nn.BatchNorm2d on a batch of
 * one: each channel {@code c} is normalised over its {@code plane = height*width} values,
 * {@code y = act(gamma[c] (x - mean[c]) rstd[c] + beta[c] (+ residual))} with the biased variance in
 * {@code rstd = 1/sqrt(var + eps)}, act ReLU or identity; the optional residual is a ResNet block's
 * shortcut, added before the ReLU. The forward saves mean and rstd per channel for the backward and
 * for the running statistics that evaluation mode would use.
 *
 * <p>One work-item per channel. Channel sums run over four interleaved accumulators, as in
 * {@link LayerNormKernels}: one float accumulator is a chain of dependent additions, four let the
 * CPU overlap them and round less over a plane of thousands of values.
 *
 * <p>The optional buffers come with a mode instead of a null: {@code residual} is read when
 * {@code hasResidual} is non-zero, {@code dResidual} is untouched for {@code residualMode} 0,
 * overwritten for 1 and added to for 2.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {
    }

    public static void forwardChannel(int c, float[] x, float[] gamma, float[] beta, float[] residual, int hasResidual,
            int plane, float eps, int relu, float[] y, float[] mean, float[] rstd) {
        int base = c * plane;
        int body = plane & ~3;
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (int j = 0; j < body; j += 4) {
            s0 += x[base + j];
            s1 += x[base + j + 1];
            s2 += x[base + j + 2];
            s3 += x[base + j + 3];
        }
        for (int j = body; j < plane; j++) {
            s0 += x[base + j];
        }
        float mu = ((s0 + s1) + (s2 + s3)) / plane;
        float q0 = 0.0f, q1 = 0.0f, q2 = 0.0f, q3 = 0.0f;
        for (int j = 0; j < body; j += 4) {
            float d0 = x[base + j] - mu;
            float d1 = x[base + j + 1] - mu;
            float d2 = x[base + j + 2] - mu;
            float d3 = x[base + j + 3] - mu;
            q0 += d0 * d0;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }
        for (int j = body; j < plane; j++) {
            float d = x[base + j] - mu;
            q0 += d * d;
        }
        float squares = (q0 + q1) + (q2 + q3);
        float r = (float) (1.0 / Math.sqrt(squares / plane + eps));
        float g = gamma[c];
        float b = beta[c];
        for (int j = 0; j < plane; j++) {
            float value = (x[base + j] - mu) * r * g + b;
            if (hasResidual != 0) {
                value += residual[base + j];
            }
            if (relu != 0) {
                value = Math.max(value, 0.0f);
            }
            y[base + j] = value;
        }
        mean[c] = mu;
        rstd[c] = r;
    }

    /**
     * The backward of {@link #forwardChannel} for channel {@code c}: with g the gradient before the
     * ReLU and xhat the normalised input, {@code dGamma[c] = sum g xhat}, {@code dBeta[c] = sum g},
     * {@code dX = gamma rstd (g - mean(g) - xhat mean(g xhat))} and {@code dResidual (+)= g}. Under
     * ReLU, g is dY times signum(y), which is 1 or 0 for a ReLU output (y > 0 exactly where the
     * pre-activation is), a product rather than a branch that mispredicts on half the values.
     */
    public static void backwardChannel(int c, float[] dY, float[] y, float[] x, float[] gamma, float[] mean, float[] rstd,
            int plane, int relu, int residualMode, float[] dX, float[] dGamma, float[] dBeta, float[] dResidual) {
        int base = c * plane;
        float mu = mean[c];
        float r = rstd[c];
        int body = plane & ~1;
        float g0 = 0.0f, g1 = 0.0f, h0 = 0.0f, h1 = 0.0f;
        for (int j = 0; j < body; j += 2) {
            float ga = relu != 0 ? dY[base + j] * Math.signum(y[base + j]) : dY[base + j];
            float gb = relu != 0 ? dY[base + j + 1] * Math.signum(y[base + j + 1]) : dY[base + j + 1];
            g0 += ga;
            g1 += gb;
            h0 += ga * ((x[base + j] - mu) * r);
            h1 += gb * ((x[base + j + 1] - mu) * r);
        }
        for (int j = body; j < plane; j++) {
            float g = relu != 0 ? dY[base + j] * Math.signum(y[base + j]) : dY[base + j];
            g0 += g;
            h0 += g * ((x[base + j] - mu) * r);
        }
        float sumG = g0 + g1;
        float sumGXhat = h0 + h1;
        dGamma[c] = sumGXhat;
        dBeta[c] = sumG;
        float meanG = sumG / plane;
        float meanGXhat = sumGXhat / plane;
        float scale = gamma[c] * r;
        for (int j = 0; j < plane; j++) {
            float g = relu != 0 ? dY[base + j] * Math.signum(y[base + j]) : dY[base + j];
            float xhat = (x[base + j] - mu) * r;
            dX[base + j] = scale * (g - meanG - xhat * meanGXhat);
            if (residualMode == 1) {
                dResidual[base + j] = g;
            } else if (residualMode == 2) {
                dResidual[base + j] += g;
            }
        }
    }

    /**
     * Channel {@code c}'s running statistics after one training forward, as nn.BatchNorm2d: the
     * biased variance recovered from rstd ({@code 1/rstd^2 - eps}) scaled to the unbiased one by
     * {@code plane/(plane - 1)}, then both moved by {@code momentum}; plane at least 2.
     */
    public static void runningStats(int c, float[] mean, float[] rstd, int plane, float eps, float momentum,
            float[] runningMean, float[] runningVar) {
        float r = rstd[c];
        // Clamped: for a constant channel the rounding of rstd can leave a tiny negative value.
        float variance = Math.max(1.0f / (r * r) - eps, 0.0f);
        float unbiased = variance * ((float) plane / (float) (plane - 1));
        float keep = 1.0f - momentum;
        runningMean[c] = keep * runningMean[c] + momentum * mean[c];
        runningVar[c] = keep * runningVar[c] + momentum * unbiased;
    }
}

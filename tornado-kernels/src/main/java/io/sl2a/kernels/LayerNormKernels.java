package io.sl2a.kernels;

/**
 * LayerNorm over the last dimension with an affine transform, as torch.nn.LayerNorm:
 * {@code y = (x - mean) * rstd * gamma + beta}, {@code rstd = 1/sqrt(var + eps)} with the biased
 * variance. The forward saves mean and rstd per row for the backward.
 *
 * <p>Row sums run over four interleaved accumulators: a single float accumulator is a chain of
 * dependent additions that the JIT may not reorder, four let the CPU overlap them.
 */
public final class LayerNormKernels {
    private LayerNormKernels() {
    }

    public static void forwardRow(int row, float[] x, float[] gamma, float[] beta, int width, float eps, float[] y,
            float[] mean, float[] rstd) {
        int base = row * width;
        int body = width & ~3;
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (int j = 0; j < body; j += 4) {
            s0 += x[base + j];
            s1 += x[base + j + 1];
            s2 += x[base + j + 2];
            s3 += x[base + j + 3];
        }
        for (int j = body; j < width; j++) {
            s0 += x[base + j];
        }
        float mu = ((s0 + s1) + (s2 + s3)) / width;
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
        for (int j = body; j < width; j++) {
            float d = x[base + j] - mu;
            q0 += d * d;
        }
        float squares = (q0 + q1) + (q2 + q3);
        float r = (float) (1.0 / Math.sqrt(squares / width + eps));
        for (int j = 0; j < width; j++) {
            y[base + j] = (x[base + j] - mu) * r * gamma[j] + beta[j];
        }
        mean[row] = mu;
        rstd[row] = r;
    }

    /**
     * Input gradient of one row: with g = dY * gamma and xhat the normalised input,
     * {@code dx = rstd * (g - mean(g) - xhat * mean(g * xhat))}.
     */
    public static void backwardRow(int row, float[] dY, float[] x, float[] gamma, float[] mean, float[] rstd, int width,
            float[] dX) {
        int base = row * width;
        float mu = mean[row];
        float r = rstd[row];
        int body = width & ~1;
        float g0 = 0.0f, g1 = 0.0f, h0 = 0.0f, h1 = 0.0f;
        for (int j = 0; j < body; j += 2) {
            float ga = dY[base + j] * gamma[j];
            float gb = dY[base + j + 1] * gamma[j + 1];
            g0 += ga;
            g1 += gb;
            h0 += ga * ((x[base + j] - mu) * r);
            h1 += gb * ((x[base + j + 1] - mu) * r);
        }
        for (int j = body; j < width; j++) {
            float g = dY[base + j] * gamma[j];
            g0 += g;
            h0 += g * ((x[base + j] - mu) * r);
        }
        float meanG = (g0 + g1) / width;
        float meanGXhat = (h0 + h1) / width;
        for (int j = 0; j < width; j++) {
            float g = dY[base + j] * gamma[j];
            float xhat = (x[base + j] - mu) * r;
            dX[base + j] = r * (g - meanG - xhat * meanGXhat);
        }
    }

    /**
     * First stage of the gamma and beta gradients (sums over the rows of dY*xhat and dY): chunk
     * {@code chunk} sums its rows into {@code partialGamma/partialBeta[chunk*width + j]}; the second
     * stage is {@link LinearKernels#reducePartials}.
     */
    public static void paramGradPartial(int chunk, int rowsPerChunk, int rows, float[] dY, float[] x, float[] mean,
            float[] rstd, int width, float[] partialGamma, float[] partialBeta) {
        int base = chunk * width;
        for (int j = 0; j < width; j++) {
            partialGamma[base + j] = 0.0f;
            partialBeta[base + j] = 0.0f;
        }
        int end = Math.min(rows, (chunk + 1) * rowsPerChunk);
        for (int row = chunk * rowsPerChunk; row < end; row++) {
            float mu = mean[row];
            float r = rstd[row];
            for (int j = 0; j < width; j++) {
                float d = dY[row * width + j];
                partialGamma[base + j] += d * ((x[row * width + j] - mu) * r);
                partialBeta[base + j] += d;
            }
        }
    }
}

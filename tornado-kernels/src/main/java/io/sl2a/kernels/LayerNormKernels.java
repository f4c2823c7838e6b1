package io.sl2a.kernels;

/**
 * LayerNorm over the last dimension with an affine transform, as torch.nn.LayerNorm:
 * {@code y = (x - mean) * rstd * gamma + beta}, {@code rstd = 1/sqrt(var + eps)} with the biased
 * variance. The forward saves mean and rstd per row for the backward.
 */
public final class LayerNormKernels {
    private LayerNormKernels() {
    }

    public static void forwardRow(int row, float[] x, float[] gamma, float[] beta, int width, float eps, float[] y,
            float[] mean, float[] rstd) {
        int base = row * width;
        float sum = 0.0f;
        for (int j = 0; j < width; j++) {
            sum += x[base + j];
        }
        float mu = sum / width;
        float squares = 0.0f;
        for (int j = 0; j < width; j++) {
            float d = x[base + j] - mu;
            squares += d * d;
        }
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
        float sumG = 0.0f;
        float sumGXhat = 0.0f;
        for (int j = 0; j < width; j++) {
            float g = dY[base + j] * gamma[j];
            float xhat = (x[base + j] - mu) * r;
            sumG += g;
            sumGXhat += g * xhat;
        }
        float meanG = sumG / width;
        float meanGXhat = sumGXhat / width;
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

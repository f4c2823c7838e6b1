package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm forward against a double-precision reference, and its backward bodies (input gradient,
 * gamma/beta gradients through partial sums) against central differences of {@code f = sum(G * y)}.
 *
 * <p>Gradient tolerance: 1e-2 relative to the largest gradient magnitude, with h = 1e-2. The forward
 * runs in float: mean, variance and y carry ~1e-7 relative error, which after dividing by 2h leaves
 * ~1e-5 relative; the truncation error h^2 f'''/6 is ~1e-5 for unit-scale rows. f is linear in gamma
 * and beta, so those differences are exact up to rounding.
 */
class LayerNormKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;
    private static final double H = 1e-2;
    private static final float EPS = 1e-5f;

    private static double objective(float[] x, float[] gamma, float[] beta, float[] g, int rows, int width) {
        float[] y = new float[rows * width];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        for (int row = 0; row < rows; row++) {
            LayerNormKernels.forwardRow(row, x, gamma, beta, width, EPS, y, mean, rstd);
        }
        return dot(g, y, y.length);
    }

    @Test
    void forwardRowMatchesDoubleReference() {
        Random random = new Random(21);
        int rows = 5;
        int width = 13;
        float[] x = uniform(random, rows * width, 1.0, 5.0); // off-centre, to exercise the mean
        x[3 * width + 2] = -4.0f;
        float[] gamma = uniform(random, width, 0.5, 1.5);
        float[] beta = uniform(random, width, -0.5, 0.5);
        float[] y = new float[rows * width];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        for (int row = 0; row < rows; row++) {
            LayerNormKernels.forwardRow(row, x, gamma, beta, width, EPS, y, mean, rstd);
        }
        double[] expectedY = new double[rows * width];
        double[] expectedMean = new double[rows];
        double[] expectedRstd = new double[rows];
        for (int row = 0; row < rows; row++) {
            double sum = 0.0;
            for (int j = 0; j < width; j++) {
                sum += x[row * width + j];
            }
            double mu = sum / width;
            double squares = 0.0;
            for (int j = 0; j < width; j++) {
                double d = x[row * width + j] - mu;
                squares += d * d;
            }
            double r = 1.0 / Math.sqrt(squares / width + EPS); // biased variance, as torch
            for (int j = 0; j < width; j++) {
                expectedY[row * width + j] = (x[row * width + j] - mu) * r * gamma[j] + beta[j];
            }
            expectedMean[row] = mu;
            expectedRstd[row] = r;
        }
        assertClose(expectedY, y, 1e-5, "y");
        assertClose(expectedMean, mean, 1e-6, "mean");
        assertClose(expectedRstd, rstd, 1e-5, "rstd");
    }

    @Test
    void backwardRowMatchesFiniteDifferences() {
        Random random = new Random(22);
        int rows = 4;
        int width = 9;
        float[] x = uniform(random, rows * width, -2.0, 2.0);
        float[] gamma = uniform(random, width, 0.5, 1.5);
        float[] beta = uniform(random, width, -0.5, 0.5);
        float[] g = uniform(random, rows * width, -1.0, 1.0);
        double[] numerical = numericalGradient(x, H, () -> objective(x, gamma, beta, g, rows, width));

        float[] y = new float[rows * width];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        for (int row = 0; row < rows; row++) {
            LayerNormKernels.forwardRow(row, x, gamma, beta, width, EPS, y, mean, rstd);
        }
        float[] dX = uniform(random, rows * width, -9.0, 9.0); // garbage: must be overwritten
        for (int row = 0; row < rows; row++) {
            LayerNormKernels.backwardRow(row, g, x, gamma, mean, rstd, width, dX);
        }
        assertClose(numerical, dX, GRADIENT_TOLERANCE, "LayerNorm dX");
    }

    @Test
    void paramGradPartialAndReduceMatchFiniteDifferences() {
        Random random = new Random(23);
        int rows = 10;
        int width = 6;
        float[] x = uniform(random, rows * width, -2.0, 2.0);
        float[] gamma = uniform(random, width, 0.5, 1.5);
        float[] beta = uniform(random, width, -0.5, 0.5);
        float[] g = uniform(random, rows * width, -1.0, 1.0);
        double[] numericalGamma = numericalGradient(gamma, H, () -> objective(x, gamma, beta, g, rows, width));
        double[] numericalBeta = numericalGradient(beta, H, () -> objective(x, gamma, beta, g, rows, width));

        float[] y = new float[rows * width];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        for (int row = 0; row < rows; row++) {
            LayerNormKernels.forwardRow(row, x, gamma, beta, width, EPS, y, mean, rstd);
        }
        // Chunks of 3 rows: 3, 3, 3, 1 and one chunk past the end, which must come out zero.
        int rowsPerChunk = 3;
        int chunks = 5;
        float[] partialGamma = uniform(random, chunks * width, -9.0, 9.0);
        float[] partialBeta = uniform(random, chunks * width, -9.0, 9.0);
        for (int chunk = 0; chunk < chunks; chunk++) {
            LayerNormKernels.paramGradPartial(chunk, rowsPerChunk, rows, g, x, mean, rstd, width, partialGamma,
                    partialBeta);
        }
        float[] dGamma = new float[width];
        float[] dBeta = new float[width];
        for (int column = 0; column < width; column++) {
            LinearKernels.reducePartials(column, partialGamma, chunks, width, dGamma);
            LinearKernels.reducePartials(column, partialBeta, chunks, width, dBeta);
        }
        assertClose(numericalGamma, dGamma, GRADIENT_TOLERANCE, "LayerNorm dGamma");
        assertClose(numericalBeta, dBeta, GRADIENT_TOLERANCE, "LayerNorm dBeta");
        assertClose(new double[width], java.util.Arrays.copyOfRange(partialGamma, 4 * width, 5 * width), 0.0,
                "empty chunk of partialGamma");
        assertClose(new double[width], java.util.Arrays.copyOfRange(partialBeta, 4 * width, 5 * width), 0.0,
                "empty chunk of partialBeta");
    }
}

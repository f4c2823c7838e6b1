package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strided product against a naive double product, and the bias + activation with its gradient
 * (two-stage column sum) against central differences.
 *
 * <p>Product tolerance 1e-5 relative to the largest |C|: float dot products of k <= 11 terms. Gradient
 * tolerance 1e-2 relative to the largest gradient (h = 1e-2): f is piecewise linear in the bias and
 * every pre-activation is kept at least 0.05 away from the ReLU kink, so the differences are exact up
 * to float rounding of f (~1e-5 relative after division by 2h).
 */
class LinearKernelsTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;

    @ParameterizedTest(name = "transposeA={0} transposeB={1} beta={2}")
    @CsvSource({"false,false,0", "false,true,0", "true,false,0", "true,true,0", "false,false,0.5",
            "false,true,0.5", "true,false,0.5", "true,true,0.5"})
    void gemmRowMatchesNaiveDoubleProduct(boolean transposeA, boolean transposeB, float beta) {
        Random random = new Random(31);
        int m = 5;
        int n = 7;
        int k = 11;
        float alpha = 1.5f;
        int aOffset = 3;
        int bOffset = 2;
        int cOffset = 4;
        int ldc = n + 2;
        // A stored m x k (k x m when transposed), B stored k x n (n x k when transposed), dense.
        float[] a = uniform(random, aOffset + m * k, -1.0, 1.0);
        float[] b = uniform(random, bOffset + k * n, -1.0, 1.0);
        int aRowStride = transposeA ? 1 : k;
        int aColStride = transposeA ? m : 1;
        int bRowStride = transposeB ? 1 : n;
        int bColStride = transposeB ? k : 1;
        float[] c = uniform(random, cOffset + m * ldc, -1.0, 1.0);
        if (beta == 0.0f) {
            for (int row = 0; row < m; row++) {
                for (int j = 0; j < n; j++) {
                    c[cOffset + row * ldc + j] = Float.NaN; // beta 0: C is never read
                }
            }
        }
        double[] expected = TestSupport.toDouble(c);
        for (int row = 0; row < m; row++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double av = transposeA ? a[aOffset + p * m + row] : a[aOffset + row * k + p];
                    double bv = transposeB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    sum += av * bv;
                }
                int at = cOffset + row * ldc + j;
                expected[at] = alpha * sum + (beta == 0.0f ? 0.0 : beta * (double) c[at]);
            }
        }
        for (int row = 0; row < m; row++) {
            LinearKernels.gemmRow(row, n, k, alpha, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride,
                    bColStride, beta, c, cOffset, ldc);
        }
        // Also checks the padding columns of C (ldc > n) and the offset prefix are left alone.
        assertClose(expected, c, 1e-5, "gemmRow");
    }

    /** Pre-activations y0 + bias with |value| >= 0.05, so a step of 1e-2 never crosses the ReLU kink. */
    private static float[] awayFromZero(Random random, int n) {
        float[] values = uniform(random, n, -1.0, 1.0);
        for (int i = 0; i < n; i++) {
            if (Math.abs(values[i]) < 0.05f) {
                values[i] = values[i] < 0 ? -0.05f - random.nextFloat() : 0.05f + random.nextFloat();
            }
        }
        return values;
    }

    @ParameterizedTest(name = "relu={0}")
    @ValueSource(booleans = {false, true})
    void biasActivationRowAndBiasGradientMatchFiniteDifferences(boolean relu) {
        Random random = new Random(relu ? 32 : 33);
        int rows = 11;
        int width = 5;
        float[] bias = uniform(random, width, -0.5, 0.5);
        float[] preActivation = awayFromZero(random, rows * width);
        float[] y0 = new float[rows * width]; // y0 + bias = preActivation (up to one rounding)
        for (int i = 0; i < y0.length; i++) {
            y0[i] = preActivation[i] - bias[i % width];
        }
        float[] g = uniform(random, rows * width, -1.0, 1.0);
        int reluFlag = relu ? 1 : 0;

        // Forward against a direct evaluation.
        float[] y = y0.clone();
        for (int row = 0; row < rows; row++) {
            LinearKernels.biasActivationRow(row, bias, width, reluFlag, y);
        }
        double[] expectedY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double value = (double) y0[i] + bias[i % width];
            expectedY[i] = relu ? Math.max(value, 0.0) : value;
        }
        assertClose(expectedY, y, 1e-6, "biasActivationRow relu=" + relu);

        double[] numerical = numericalGradient(bias, 1e-2, () -> {
            float[] out = y0.clone();
            for (int row = 0; row < rows; row++) {
                LinearKernels.biasActivationRow(row, bias, width, reluFlag, out);
            }
            return dot(g, out, out.length);
        });

        // Backward: dPre = G (masked by ReLU), then the bias gradient is its column sum.
        float[] dPre = g.clone();
        if (relu) {
            for (int i = 0; i < dPre.length; i++) {
                ElementwiseKernels.reluBackward(i, y, dPre, dPre);
            }
        }
        // Chunks of 4 rows: 4, 4, 3 and one past the end.
        int rowsPerChunk = 4;
        int chunks = 4;
        float[] partial = uniform(random, chunks * width, -9.0, 9.0);
        for (int chunk = 0; chunk < chunks; chunk++) {
            LinearKernels.columnSumPartial(chunk, rowsPerChunk, rows, dPre, width, partial);
        }
        float[] dBias = new float[width];
        for (int column = 0; column < width; column++) {
            LinearKernels.reducePartials(column, partial, chunks, width, dBias);
        }
        assertClose(numerical, dBias, GRADIENT_TOLERANCE, "bias gradient relu=" + relu);
    }

    @Test
    void columnSumPartialAndReduceEqualColumnSums() {
        Random random = new Random(34);
        int rows = 23;
        int width = 3;
        float[] dY = uniform(random, rows * width, -1.0, 1.0);
        double[] expected = new double[width];
        for (int i = 0; i < dY.length; i++) {
            expected[i % width] += dY[i];
        }
        for (int rowsPerChunk : new int[] {1, 5, 23, 40}) {
            int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk + 1; // one chunk more than needed
            float[] partial = uniform(random, chunks * width, -9.0, 9.0);
            for (int chunk = 0; chunk < chunks; chunk++) {
                LinearKernels.columnSumPartial(chunk, rowsPerChunk, rows, dY, width, partial);
            }
            float[] out = new float[width];
            for (int column = 0; column < width; column++) {
                LinearKernels.reducePartials(column, partial, chunks, width, out);
            }
            assertClose(expected, out, 1e-6, "column sums, rowsPerChunk " + rowsPerChunk);
        }
    }
}

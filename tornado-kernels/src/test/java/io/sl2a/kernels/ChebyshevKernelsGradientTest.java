package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Chebyshev expansion against double-precision references, and its two backward bodies against
 * central differences of {@code f = sum(G * forward)}.
 *
 * <p>Gradient tolerance: 1e-2 relative to the largest gradient magnitude. The forward runs in float
 * (relative rounding ~6e-8 per operation); dividing the rounding noise of f by 2h = 2e-3..2e-2 leaves
 * an error of order 1e-5..1e-4 relative, and the truncation error of central differences is O(h^2 f''')
 * (zero for the coefficients, where f is linear). 1e-2 is far above both and far below the error of
 * any wrong term (a missing factor, a wrong index or sign gives O(1)).
 */
class ChebyshevKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;

    /** Forward of all rows in float, contracted with G in double. */
    private static double objective(float[] coords, float[] coeff, float[] g, int rows, int in, int outDim, int degree) {
        float[] out = new float[rows * outDim];
        for (int row = 0; row < rows; row++) {
            ChebyshevKernels.forwardRow(row, coords, coeff, in, outDim, degree, out);
        }
        return dot(g, out, out.length);
    }

    @Test
    void basisRowIsCosineOfKTimesArccosOfTanh() {
        Random random = new Random(11);
        int rows = 40;
        int in = 3;
        int firstRow = 9;
        float[] coords = uniform(random, rows * in, -3.0, 3.0);
        // Exact zero, saturated tanh (t rounds to +-1) and a tiny value.
        coords[firstRow * in] = 0.0f;
        coords[firstRow * in + 1] = 12.0f;
        coords[firstRow * in + 2] = -12.0f;
        coords[(firstRow + 1) * in] = 1e-4f;
        for (int degree : new int[] {0, 1, 2, 7, 64}) {
            int terms = degree + 1;
            int chunkRows = rows - firstRow;
            float[] basis = new float[chunkRows * in * terms];
            for (int row = firstRow; row < rows; row++) {
                ChebyshevKernels.basisRow(row, firstRow, coords, in, degree, basis);
            }
            double[] expectedFromFloatT = new double[basis.length];
            for (int r = 0; r < chunkRows; r++) {
                for (int i = 0; i < in; i++) {
                    // The kernel sees t rounded to float; near |t| = 1 one ulp of t moves T_64 by up to
                    // 64^2 ulp, so the reference uses that same float t (the recurrence itself then
                    // stays within ~5e-6 of cos(k acos t) for k <= 64).
                    double t = (float) Math.tanh(coords[(firstRow + r) * in + i]);
                    for (int k = 0; k <= degree; k++) {
                        expectedFromFloatT[(r * in + i) * terms + k] = Math.cos(k * Math.acos(t));
                    }
                }
            }
            assertAbsolute(expectedFromFloatT, basis, 1e-5, "basisRow degree " + degree);
        }
    }

    @Test
    void basisRowMatchesDoubleTanhForModerateInputs() {
        // For |x| <= 1 (|t| <= 0.77) T_k is well conditioned in t, so even the double-precision tanh
        // agrees to 1e-5 at degree 64.
        Random random = new Random(12);
        int rows = 30;
        int in = 2;
        int degree = 64;
        int terms = degree + 1;
        float[] coords = uniform(random, rows * in, -1.0, 1.0);
        float[] basis = new float[rows * in * terms];
        for (int row = 0; row < rows; row++) {
            ChebyshevKernels.basisRow(row, 0, coords, in, degree, basis);
        }
        double[] expected = new double[basis.length];
        for (int j = 0; j < rows * in; j++) {
            double theta = Math.acos(Math.tanh(coords[j]));
            for (int k = 0; k <= degree; k++) {
                expected[j * terms + k] = Math.cos(k * theta);
            }
        }
        assertAbsolute(expected, basis, 1e-5, "basisRow vs double tanh");
    }

    private static void assertAbsolute(double[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], tolerance, what + ": element " + j);
        }
    }

    @Test
    void forwardRowMatchesDoubleReference() {
        Random random = new Random(13);
        int rows = 6;
        int in = 3;
        int outDim = 4;
        for (int degree : new int[] {0, 1, 9}) {
            int terms = degree + 1;
            float[] coords = uniform(random, rows * in, -1.5, 1.5);
            float[] coeff = uniform(random, in * outDim * terms, -1.0, 1.0);
            float[] out = uniform(random, rows * outDim, -5.0, 5.0); // overwritten, not accumulated
            for (int row = 0; row < rows; row++) {
                ChebyshevKernels.forwardRow(row, coords, coeff, in, outDim, degree, out);
            }
            double[] expected = new double[rows * outDim];
            for (int row = 0; row < rows; row++) {
                for (int i = 0; i < in; i++) {
                    double theta = Math.acos(Math.tanh(coords[row * in + i]));
                    for (int o = 0; o < outDim; o++) {
                        for (int k = 0; k <= degree; k++) {
                            expected[row * outDim + o] += coeff[(i * outDim + o) * terms + k] * Math.cos(k * theta);
                        }
                    }
                }
            }
            // Sums of in*(degree+1) float products: a few ulp of the largest output.
            assertClose(expected, out, 1e-5, "forwardRow degree " + degree);
        }
    }

    @Test
    void coeffGradPairMatchesFiniteDifferences() {
        Random random = new Random(14);
        int rows = 7;
        int in = 3;
        int outDim = 4;
        for (int degree : new int[] {0, 1, 5}) {
            int terms = degree + 1;
            float[] coords = uniform(random, rows * in, -2.0, 2.0);
            float[] coeff = uniform(random, in * outDim * terms, -1.0, 1.0);
            float[] g = uniform(random, rows * outDim, -1.0, 1.0);
            int deg = degree;
            // f is linear in the coefficients, so a large step only reduces the rounding noise.
            double[] numerical = numericalGradient(coeff, 1e-2,
                    () -> objective(coords, coeff, g, rows, in, outDim, deg));

            float[] analytic = uniform(random, coeff.length, -9.0, 9.0); // garbage: must be overwritten
            for (int pair = 0; pair < in * outDim; pair++) {
                ChebyshevKernels.coeffGradPair(pair, coords, g, rows, in, outDim, degree, analytic, 0);
            }
            assertClose(numerical, analytic, GRADIENT_TOLERANCE, "coeffGradPair degree " + degree);

            // accumulate != 0 adds onto what is there.
            float[] start = uniform(random, coeff.length, -1.0, 1.0);
            float[] accumulated = start.clone();
            for (int pair = 0; pair < in * outDim; pair++) {
                ChebyshevKernels.coeffGradPair(pair, coords, g, rows, in, outDim, degree, accumulated, 1);
            }
            double[] expected = new double[coeff.length];
            for (int j = 0; j < expected.length; j++) {
                expected[j] = start[j] + (double) analytic[j];
            }
            assertClose(expected, accumulated, 1e-6, "coeffGradPair accumulate degree " + degree);
        }
    }

    /** The split-k slices, summed, give the finite-difference gradient, whether or not the rows divide evenly. */
    @Test
    void coeffGradSlicesSumToTheFiniteDifferenceGradient() {
        Random random = new Random(16);
        int rows = 11;
        int in = 2;
        int outDim = 3;
        int degree = 4;
        int terms = degree + 1;
        int pairs = in * outDim;
        float[] coords = uniform(random, rows * in, -2.0, 2.0);
        float[] coeff = uniform(random, pairs * terms, -1.0, 1.0);
        float[] g = uniform(random, rows * outDim, -1.0, 1.0);
        double[] numerical = numericalGradient(coeff, 1e-2, () -> objective(coords, coeff, g, rows, in, outDim, degree));
        for (int slices : new int[] {1, 3, 4, 11, 16}) {
            float[] partial = uniform(random, slices * pairs * terms, -9.0, 9.0); // garbage: must be overwritten
            for (int slice = 0; slice < slices; slice++) {
                for (int pair = 0; pair < pairs; pair++) {
                    ChebyshevKernels.coeffGradSlice(slice, pair, slices, coords, g, rows, in, outDim, degree, partial);
                }
            }
            double[] summed = new double[pairs * terms];
            for (int slice = 0; slice < slices; slice++) {
                for (int j = 0; j < summed.length; j++) {
                    summed[j] += partial[slice * summed.length + j];
                }
            }
            assertClose(numerical, summed, GRADIENT_TOLERANCE, "coeffGradSlice, " + slices + " slices");
        }
    }

    @Test
    void inputGradRowMatchesFiniteDifferences() {
        Random random = new Random(15);
        int rows = 5;
        int in = 3;
        int outDim = 4;
        for (int degree : new int[] {1, 2, 6}) {
            int terms = degree + 1;
            float[] coords = uniform(random, rows * in, -1.5, 1.5);
            float[] coeff = uniform(random, in * outDim * terms, -1.0, 1.0);
            float[] g = uniform(random, rows * outDim, -1.0, 1.0);
            int deg = degree;
            double[] numerical = numericalGradient(coords, 1e-3,
                    () -> objective(coords, coeff, g, rows, in, outDim, deg));

            float[] analytic = uniform(random, coords.length, -9.0, 9.0); // garbage: must be overwritten
            for (int row = 0; row < rows; row++) {
                ChebyshevKernels.inputGradRow(row, coords, coeff, g, in, outDim, degree, analytic);
            }
            assertClose(numerical, analytic, GRADIENT_TOLERANCE, "inputGradRow degree " + degree);
        }
    }

    /** The cpu backend's path: the contraction first (by a product), then the row body on it; the same gradient. */
    @Test
    void inputGradFromWeightedRowIsInputGradRow() {
        Random random = new Random(17);
        int rows = 6;
        int in = 3;
        int outDim = 5;
        int degree = 7;
        int terms = degree + 1;
        int firstRow = 2;
        float[] coords = uniform(random, rows * in, -1.5, 1.5);
        float[] coeff = uniform(random, in * outDim * terms, -1.0, 1.0);
        float[] g = uniform(random, rows * outDim, -1.0, 1.0);
        float[] weighted = new float[(rows - firstRow) * in * terms];
        for (int row = firstRow; row < rows; row++) {
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < terms; k++) {
                    float sum = 0;
                    for (int o = 0; o < outDim; o++) {
                        sum += g[row * outDim + o] * coeff[(i * outDim + o) * terms + k];
                    }
                    weighted[((row - firstRow) * in + i) * terms + k] = sum;
                }
            }
        }
        float[] expected = new float[rows * in];
        float[] actual = new float[rows * in];
        for (int row = firstRow; row < rows; row++) {
            ChebyshevKernels.inputGradRow(row, coords, coeff, g, in, outDim, degree, expected);
            ChebyshevKernels.inputGradFromWeightedRow(row, firstRow, coords, weighted, in, degree, actual);
        }
        double[] wanted = new double[expected.length];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = expected[i];
        }
        assertClose(wanted, actual, 1e-5, "inputGradFromWeightedRow");
    }

    @Test
    void inputGradRowIsZeroForDegreeZero() {
        // T_0 is constant: no dependence on the coordinates.
        Random random = new Random(16);
        int rows = 3;
        int in = 2;
        int outDim = 3;
        float[] coords = uniform(random, rows * in, -1.0, 1.0);
        float[] coeff = uniform(random, in * outDim, -1.0, 1.0);
        float[] g = uniform(random, rows * outDim, -1.0, 1.0);
        float[] dCoords = uniform(random, rows * in, 1.0, 2.0);
        for (int row = 0; row < rows; row++) {
            ChebyshevKernels.inputGradRow(row, coords, coeff, g, in, outDim, 0, dCoords);
        }
        for (float value : dCoords) {
            assertEquals(0.0f, value, 0.0f);
        }
    }
}

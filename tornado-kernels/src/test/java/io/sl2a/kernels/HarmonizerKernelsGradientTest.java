package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * INCODE's kernels ({@link HarmonizerKernels}, {@link IncodeKernels}) and BiasGrad's accumulating
 * reduction: the forwards against their definitions in double, every backward against central
 * differences of its forward, with f = sum G * output for a random G.
 *
 * <p>Gradient tolerance {@value #GRADIENT_TOLERANCE} relative to the largest gradient, h = {@value #H}:
 * the linear maps are exact up to the float rounding of f; the SiLU and the composer's sine
 * (omega {@value #OMEGA}, so theta moves by at most ~0.01 per step) have a truncation error
 * ~(h f''')/6 relative, well under it. The penalty is piecewise linear, its coefficients kept at
 * least 0.1 from the kink.
 */
class HarmonizerKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;
    private static final double H = 1e-3;
    private static final float OMEGA = 5.0f;

    // ---------------------------------------------------------------------------------------------
    // Channel mean

    @Test
    void channelMeanIsTheMeanOfEachPlane() {
        Random random = new Random(51);
        int channels = 3;
        int plane = 10;
        float[] x = uniform(random, channels * plane, -2.0, 2.0);
        float[] y = new float[channels];
        for (int c = 0; c < channels; c++) {
            HarmonizerKernels.channelMean(c, x, plane, y);
        }
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += x[c * plane + i];
            }
            assertEquals(sum / plane, y[c], 1e-6, "channel " + c);
        }
    }

    @Test
    void channelMeanBackwardMatchesFiniteDifferences() {
        Random random = new Random(52);
        int channels = 4;
        int plane = 6;
        float[] x = uniform(random, channels * plane, -2.0, 2.0);
        float[] g = uniform(random, channels, -1.0, 1.0);
        DoubleSupplier f = () -> {
            float[] y = new float[channels];
            for (int c = 0; c < channels; c++) {
                HarmonizerKernels.channelMean(c, x, plane, y);
            }
            return dot(g, y, channels);
        };
        double[] numerical = numericalGradient(x, H, f);
        float[] dX = uniform(random, channels * plane, -9.0, 9.0); // garbage: overwritten
        for (int k = 0; k < channels * plane; k++) {
            HarmonizerKernels.channelMeanBackward(k, g, plane, dX);
        }
        assertClose(numerical, dX, GRADIENT_TOLERANCE, "channel mean dX");
    }

    // ---------------------------------------------------------------------------------------------
    // Dense layer over one vector

    private static void denseForward(float[] x, float[] weight, float[] bias, int in, int out, boolean silu, float[] pre,
            float[] y) {
        for (int o = 0; o < out; o++) {
            HarmonizerKernels.denseVector(o, x, weight, bias, in, silu ? 1 : 0, pre, y);
        }
    }

    @Test
    void denseVectorIsTheAffineMapAndTheSilu() {
        Random random = new Random(53);
        int in = 9;
        int out = 4;
        float[] x = uniform(random, in, -1.0, 1.0);
        float[] weight = uniform(random, out * in, -1.0, 1.0);
        float[] bias = uniform(random, out, -1.0, 1.0);
        for (boolean silu : new boolean[] {false, true}) {
            float[] pre = new float[out];
            float[] y = new float[out];
            denseForward(x, weight, bias, in, out, silu, pre, y);
            for (int o = 0; o < out; o++) {
                double p = bias[o];
                for (int i = 0; i < in; i++) {
                    p += (double) weight[o * in + i] * x[i];
                }
                assertEquals(p, pre[o], 1e-5, "pre " + o);
                assertEquals(silu ? p / (1 + Math.exp(-p)) : p, y[o], 1e-5, "y " + o + " silu=" + silu);
            }
        }
        // Without the SiLU, y may be the pre buffer itself.
        float[] pre = new float[out];
        float[] separate = new float[out];
        denseForward(x, weight, bias, in, out, false, pre, separate);
        float[] same = new float[out];
        denseForward(x, weight, bias, in, out, false, same, same);
        assertClose(separate, same, 0.0, "y = pre in place");
    }

    @Test
    void denseVectorBackwardMatchesFiniteDifferences() {
        for (boolean silu : new boolean[] {false, true}) {
            Random random = new Random(silu ? 55 : 54);
            int in = 7;
            int out = 5;
            float[] x = uniform(random, in, -1.5, 1.5);
            float[] weight = uniform(random, out * in, -1.0, 1.0);
            float[] bias = uniform(random, out, -1.0, 1.0);
            float[] g = uniform(random, out, -1.0, 1.0);
            DoubleSupplier f = () -> {
                float[] pre = new float[out];
                float[] y = new float[out];
                denseForward(x, weight, bias, in, out, silu, pre, y);
                return dot(g, y, out);
            };
            double[] numericalX = numericalGradient(x, H, f);
            double[] numericalWeight = numericalGradient(weight, H, f);
            double[] numericalBias = numericalGradient(bias, H, f);

            float[] pre = new float[out];
            float[] y = new float[out];
            denseForward(x, weight, bias, in, out, silu, pre, y);
            // Garbage in every output: each is overwritten.
            float[] dPre = uniform(random, out, -9.0, 9.0);
            float[] dWeight = uniform(random, out * in, -9.0, 9.0);
            float[] dBias = uniform(random, out, -9.0, 9.0);
            float[] dX = uniform(random, in, -9.0, 9.0);
            int flag = silu ? 1 : 0;
            for (int o = 0; o < out; o++) {
                HarmonizerKernels.denseVectorBackwardOutput(o, g, pre, x, in, flag, dPre, dWeight, dBias);
            }
            for (int i = 0; i < in; i++) {
                HarmonizerKernels.denseVectorBackwardInput(i, weight, dPre, in, out, dX);
            }
            String what = " silu=" + silu;
            assertClose(numericalX, dX, GRADIENT_TOLERANCE, "dense dX" + what);
            assertClose(numericalWeight, dWeight, GRADIENT_TOLERANCE, "dense dWeight" + what);
            assertClose(numericalBias, dBias, GRADIENT_TOLERANCE, "dense dBias" + what);
            assertClose(dBias, dPre, 0.0, "dense dPre = dBias" + what);

            // In place, dPre = dY: the same gradients.
            float[] inPlace = g.clone();
            float[] dWeight2 = new float[out * in];
            float[] dBias2 = new float[out];
            for (int o = 0; o < out; o++) {
                HarmonizerKernels.denseVectorBackwardOutput(o, inPlace, pre, x, in, flag, inPlace, dWeight2, dBias2);
            }
            assertClose(dPre, inPlace, 0.0, "dense dPre in place" + what);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The composer

    @Test
    void incodeSineIsItsDefinition() {
        Random random = new Random(56);
        int n = 40;
        float[] pre = uniform(random, n, -1.0, 1.0);
        float[] coefficients = uniform(random, 4, -0.5, 0.5);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            IncodeKernels.incodeSine(i, pre, coefficients, 30.0f, y);
        }
        for (int i = 0; i < n; i++) {
            double expected = Math.exp(coefficients[0]) * Math.sin(Math.exp(coefficients[1]) * 30.0 * pre[i]
                    + coefficients[2]) + coefficients[3];
            assertEquals(expected, y[i], 2e-5, "element " + i);
        }
    }

    @Test
    void incodeSineBackwardMatchesFiniteDifferences() {
        Random random = new Random(57);
        int rows = 3;
        int width = 5;
        int n = rows * width;
        float[] pre = uniform(random, n, -1.0, 1.0);
        float[] coefficients = uniform(random, 4, -0.5, 0.5);
        float[] g = uniform(random, n, -1.0, 1.0);
        DoubleSupplier f = () -> {
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                IncodeKernels.incodeSine(i, pre, coefficients, OMEGA, y);
            }
            return dot(g, y, n);
        };
        double[] numericalPre = numericalGradient(pre, H, f);
        double[] numericalCoefficients = numericalGradient(coefficients, H, f);

        float[] dPre = uniform(random, n, -9.0, 9.0);
        float[] rowGrad = uniform(random, rows * 4, -9.0, 9.0);
        float[] output = new float[n]; // the forward's y, which the backward reads for dy/da
        for (int i = 0; i < n; i++) {
            IncodeKernels.incodeSine(i, pre, coefficients, OMEGA, output);
        }
        for (int row = 0; row < rows; row++) {
            IncodeKernels.incodeSineBackwardRow(row, pre, output, coefficients, g, width, OMEGA, dPre, rowGrad);
        }
        assertClose(numericalPre, dPre, GRADIENT_TOLERANCE, "composer dPre");
        // The coefficients' gradient: the column sums of the per-row sums.
        float[] dCoefficients = new float[4];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < 4; j++) {
                dCoefficients[j] += rowGrad[row * 4 + j];
            }
        }
        String[] names = {"a", "b", "c", "d"};
        for (int j = 0; j < 4; j++) {
            assertClose(new double[] {numericalCoefficients[j]}, new float[] {dCoefficients[j]}, GRADIENT_TOLERANCE,
                    "composer d" + names[j]);
        }
        assertClose(numericalCoefficients, dCoefficients, GRADIENT_TOLERANCE, "composer dCoefficients");

        // In place, dPre = dY: the same results.
        float[] inPlace = g.clone();
        float[] rowGrad2 = new float[rows * 4];
        for (int row = 0; row < rows; row++) {
            IncodeKernels.incodeSineBackwardRow(row, pre, output, coefficients, inPlace, width, OMEGA, inPlace, rowGrad2);
        }
        assertClose(dPre, inPlace, 0.0, "composer dPre in place");
        assertClose(rowGrad, rowGrad2, 0.0, "composer row sums in place");
    }

    // ---------------------------------------------------------------------------------------------
    // Penalty and the accumulating bias gradient

    @Test
    void coefficientPenaltyAddsTheGradientOfTheWeightedReluOfMinusTheCoefficients() {
        Random random = new Random(58);
        float[] weights = {0.1f, 0.5f, 2.0f, 0.25f};
        for (int trial = 0; trial < 20; trial++) {
            float[] coefficients = new float[4];
            for (int j = 0; j < 4; j++) {
                double magnitude = 0.1 + random.nextDouble();
                coefficients[j] = (float) (random.nextBoolean() ? magnitude : -magnitude); // away from the kink
            }
            DoubleSupplier penalty = () -> {
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    sum += weights[j] * Math.max(-coefficients[j], 0.0f);
                }
                return sum;
            };
            double[] numerical = numericalGradient(coefficients, 1e-2, penalty);
            float[] start = uniform(random, 4, -1.0, 1.0);
            float[] dCoefficients = start.clone();
            for (int j = 0; j < 4; j++) {
                HarmonizerKernels.coefficientPenalty(j, coefficients, weights[0], weights[1], weights[2], weights[3],
                        dCoefficients);
            }
            for (int j = 0; j < 4; j++) {
                assertEquals(start[j] + numerical[j], dCoefficients[j], 1e-5, "coefficient " + j + " = " + coefficients[j]);
            }
        }
    }

    @Test
    void biasGradAccumulatesTheColumnSums() {
        // f(b) = sum G[row, j] b[j]: the gradient is the column sums, which accumulate adds to dBias.
        Random random = new Random(59);
        int rows = 11;
        int width = 4;
        int chunks = 3;
        float[] g = uniform(random, rows * width, -1.0, 1.0);
        float[] b = uniform(random, width, -1.0, 1.0);
        DoubleSupplier f = () -> {
            double sum = 0;
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < width; j++) {
                    sum += (double) g[row * width + j] * b[j];
                }
            }
            return sum;
        };
        double[] numerical = numericalGradient(b, 1e-2, f);
        float[] partial = new float[chunks * width];
        int rowsPerChunk = (rows + chunks - 1) / chunks;
        for (int chunk = 0; chunk < chunks; chunk++) {
            LinearKernels.columnSumPartial(chunk, rowsPerChunk, rows, g, width, partial);
        }
        float[] start = uniform(random, width, -1.0, 1.0);
        float[] overwritten = start.clone();
        float[] accumulated = start.clone();
        for (int j = 0; j < width; j++) {
            LinearKernels.reducePartials(j, partial, chunks, width, overwritten);
            LinearKernels.accumulatePartials(j, partial, chunks, width, accumulated);
        }
        double[] expected = new double[width];
        for (int j = 0; j < width; j++) {
            expected[j] = start[j] + numerical[j];
            assertEquals(overwritten[j] + start[j], accumulated[j], 1e-6, "accumulated = start + overwritten, " + j);
        }
        assertClose(numerical, overwritten, 1e-4, "bias grad overwrite");
        assertClose(expected, accumulated, 1e-4, "bias grad accumulate");
    }
}

package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The CNN kernels ({@link ConvolutionKernels}, {@link BatchNormKernels}): im2col on known images and
 * against a direct convolution, col2im as its adjoint, max pooling on a known image, and the
 * backwards of max pooling and batch normalisation against central differences of their forwards.
 *
 * <p>Max pooling is piecewise linear, and its inputs are kept 0.1 apart so that no step of h = 1e-3
 * changes a winner: central differences are exact up to float rounding. Batch normalisation is
 * smooth apart from the ReLU, whose pre-activations are kept at least 0.05 from the kink; h = 1e-2
 * leaves a truncation error of order h^2 against float rounding of order 1e-7 / h, both well under
 * the 1e-2 tolerance (relative to the largest gradient).
 */
class ConvolutionKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;

    /** (channels, height, width, kernel, stride, pad): the ResNet stem's and blocks' shapes, small and odd. */
    private static final int[][] GEOMETRIES = {{3, 11, 9, 7, 2, 3}, {2, 5, 6, 3, 1, 1}, {2, 8, 8, 3, 2, 1},
        {3, 7, 5, 1, 2, 0}, {1, 4, 4, 2, 2, 0}};

    private static float[] im2col(float[] x, int channels, int height, int width, int kernel, int stride, int pad) {
        int positions = ConvolutionKernels.outSize(height, kernel, stride, pad)
                * ConvolutionKernels.outSize(width, kernel, stride, pad);
        float[] cols = new float[channels * kernel * kernel * positions];
        for (int i = 0; i < cols.length; i++) {
            ConvolutionKernels.im2col(i, x, height, width, kernel, stride, pad, cols);
        }
        return cols;
    }

    private static float[] col2im(float[] dCols, int channels, int height, int width, int kernel, int stride, int pad,
            int accumulate, float[] dX) {
        for (int i = 0; i < channels * height * width; i++) {
            ConvolutionKernels.col2im(i, dCols, height, width, kernel, stride, pad, accumulate, dX);
        }
        return dX;
    }

    @Test
    void im2colOfATinyKnownImage() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // one 3x3 channel
        // 2x2 windows, stride 1: rows (ky, kx), columns the four window positions.
        assertArrayEquals(new float[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, im2col(x, 1, 3, 3, 2, 1, 0));
        // 3x3 windows, stride 2, pad 1: four windows at (-1, -1), (-1, 1), (1, -1), (1, 1).
        assertArrayEquals(new float[] {
            0, 0, 0, 5, // ky 0, kx 0
            0, 0, 4, 6, // ky 0, kx 1
            0, 0, 5, 0, // ky 0, kx 2
            0, 2, 0, 8, // ky 1, kx 0
            1, 3, 7, 9, // ky 1, kx 1: the window centres
            2, 0, 8, 0, // ky 1, kx 2
            0, 5, 0, 0, // ky 2, kx 0
            4, 6, 0, 0, // ky 2, kx 1
            5, 0, 0, 0}, // ky 2, kx 2
                im2col(x, 1, 3, 3, 3, 2, 1));
    }

    @Test
    void im2colTimesTheWeightsIsTheDirectConvolution() {
        Random random = new Random(61);
        int cout = 4;
        for (int[] g : GEOMETRIES) {
            int channels = g[0], height = g[1], width = g[2], kernel = g[3], stride = g[4], pad = g[5];
            int outH = ConvolutionKernels.outSize(height, kernel, stride, pad);
            int outW = ConvolutionKernels.outSize(width, kernel, stride, pad);
            int depth = channels * kernel * kernel;
            float[] x = uniform(random, channels * height * width, -1.0, 1.0);
            float[] w = uniform(random, cout * depth, -1.0, 1.0); // PyTorch's [cout, cin, k, k]
            float[] cols = im2col(x, channels, height, width, kernel, stride, pad);
            double[] direct = new double[cout * outH * outW];
            float[] product = new float[cout * outH * outW];
            for (int o = 0; o < cout; o++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double sum = 0;
                        double viaCols = 0;
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < kernel; ky++) {
                                for (int kx = 0; kx < kernel; kx++) {
                                    int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                                    double weight = w[((o * channels + c) * kernel + ky) * kernel + kx];
                                    if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                        sum += weight * x[(c * height + iy) * width + ix];
                                    }
                                    int row = (c * kernel + ky) * kernel + kx;
                                    viaCols += (double) w[o * depth + row] * cols[row * outH * outW + oy * outW + ox];
                                }
                            }
                        }
                        direct[(o * outH + oy) * outW + ox] = sum;
                        product[(o * outH + oy) * outW + ox] = (float) viaCols;
                    }
                }
            }
            assertClose(direct, product, 1e-6, "W . im2col against the convolution " + java.util.Arrays.toString(g));
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Random random = new Random(62);
        for (int[] g : GEOMETRIES) {
            int channels = g[0], height = g[1], width = g[2], kernel = g[3], stride = g[4], pad = g[5];
            float[] x = uniform(random, channels * height * width, -1.0, 1.0);
            float[] cols = im2col(x, channels, height, width, kernel, stride, pad);
            float[] y = uniform(random, cols.length, -1.0, 1.0);
            float[] garbage = uniform(random, x.length, -9.0, 9.0); // overwritten
            float[] adjoint = col2im(y, channels, height, width, kernel, stride, pad, 0, garbage);
            double left = dot(y, cols, cols.length);
            double right = dot(x, adjoint, x.length);
            double scale = 0;
            for (int i = 0; i < cols.length; i++) {
                scale += Math.abs((double) y[i] * cols[i]);
            }
            assertEquals(left, right, 1e-6 * scale, "<im2col x, y> = <x, col2im y> " + java.util.Arrays.toString(g));

            float[] prior = uniform(random, x.length, -1.0, 1.0);
            float[] accumulated = col2im(y, channels, height, width, kernel, stride, pad, 1, prior.clone());
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = (double) prior[i] + adjoint[i];
            }
            assertClose(expected, accumulated, 1e-6, "col2im accumulates " + java.util.Arrays.toString(g));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Max pooling

    private static void maxPool(float[] x, int channels, int height, int width, int kernel, int stride, int pad, float[] y,
            float[] argmax) {
        for (int i = 0; i < y.length; i++) {
            ConvolutionKernels.maxPoolForward(i, x, height, width, kernel, stride, pad, y, argmax);
        }
    }

    @Test
    void maxPoolOfAKnown4x4Image() {
        // Channel 0 all negative (a zero of the padding would win were it counted), falling along
        // rows; channel 1 rising. 3x3 windows, stride 2, pad 1: the ResNet stem's pooling.
        float[] x = new float[32];
        for (int i = 0; i < 16; i++) {
            x[i] = -(i + 1);
            x[16 + i] = i;
        }
        float[] y = new float[8];
        float[] argmax = new float[8];
        maxPool(x, 2, 4, 4, 3, 2, 1, y, argmax);
        assertArrayEquals(new float[] {-1, -2, -5, -6, 5, 7, 13, 15}, y);
        assertArrayEquals(new float[] {0, 1, 4, 5, 5, 7, 13, 15}, argmax);

        // Ties: the first maximum in row-major window order wins, as in PyTorch.
        float[] flatY = new float[4];
        float[] flatArgmax = new float[4];
        maxPool(TestSupport.filled(16, -3.0f), 1, 4, 4, 3, 2, 1, flatY, flatArgmax);
        assertArrayEquals(new float[] {-3, -3, -3, -3}, flatY);
        assertArrayEquals(new float[] {0, 1, 4, 5}, flatArgmax);
    }

    /** Distinct values 0.1 apart, shuffled: no step of the finite differences changes a winner. */
    private static float[] withoutTies(Random random, int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.1f * (order.get(i) - n / 2);
        }
        return x;
    }

    @Test
    void maxPoolBackwardMatchesFiniteDifferences() {
        Random random = new Random(63);
        int[][] geometries = {{2, 7, 6, 3, 2, 1}, {1, 8, 8, 2, 2, 0}, {2, 5, 5, 3, 1, 1}, {3, 9, 7, 3, 2, 0}};
        for (int[] g : geometries) {
            int channels = g[0], height = g[1], width = g[2], kernel = g[3], stride = g[4], pad = g[5];
            int outs = channels * ConvolutionKernels.outSize(height, kernel, stride, pad)
                    * ConvolutionKernels.outSize(width, kernel, stride, pad);
            float[] x = withoutTies(random, channels * height * width);
            float[] weights = uniform(random, outs, -1.0, 1.0);
            DoubleSupplier loss = () -> {
                float[] y = new float[outs];
                maxPool(x, channels, height, width, kernel, stride, pad, y, new float[outs]);
                return dot(weights, y, outs);
            };
            double[] numerical = numericalGradient(x, 1e-3, loss);
            float[] y = new float[outs];
            float[] argmax = new float[outs];
            maxPool(x, channels, height, width, kernel, stride, pad, y, argmax);
            float[] dX = uniform(random, x.length, -9.0, 9.0); // overwritten
            for (int i = 0; i < x.length; i++) {
                ConvolutionKernels.maxPoolBackward(i, weights, argmax, height, width, kernel, stride, pad, dX);
            }
            assertClose(numerical, dX, 1e-3, "maxPoolBackward " + java.util.Arrays.toString(g));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Batch normalisation

    private static final float EPS = 1e-5f;

    /** One image through the forward: returns y; fills mean and rstd. */
    private static float[] batchNorm(float[] x, float[] gamma, float[] beta, float[] residual, int channels, int plane,
            int relu, float[] mean, float[] rstd) {
        float[] y = new float[channels * plane];
        for (int c = 0; c < channels; c++) {
            BatchNormKernels.forwardChannel(c, x, gamma, beta, residual == null ? x : residual, residual == null ? 0 : 1,
                    plane, EPS, relu, y, mean, rstd);
        }
        return y;
    }

    @Test
    void batchNormGivesEachChannelMeanBetaAndStdGamma() {
        Random random = new Random(64);
        int channels = 3;
        int plane = 37;
        float[] x = uniform(random, channels * plane, -2.0, 3.0);
        float[] gamma = {0.5f, 1.5f, 2.0f};
        float[] beta = {-1.0f, 0.0f, 0.75f};
        float[] mean = new float[channels];
        float[] rstd = new float[channels];
        float[] y = batchNorm(x, gamma, beta, null, channels, plane, 0, mean, rstd);
        for (int c = 0; c < channels; c++) {
            double mu = 0;
            double m = 0;
            for (int j = 0; j < plane; j++) {
                mu += x[c * plane + j];
                m += y[c * plane + j];
            }
            mu /= plane;
            m /= plane;
            double variance = 0;
            double v = 0;
            for (int j = 0; j < plane; j++) {
                variance += Math.pow(x[c * plane + j] - mu, 2);
                v += Math.pow(y[c * plane + j] - m, 2);
            }
            variance /= plane;
            v /= plane;
            assertEquals(mu, mean[c], 1e-6, "saved mean " + c);
            assertEquals(1 / Math.sqrt(variance + EPS), rstd[c], 1e-5 * rstd[c], "saved rstd " + c);
            assertEquals(beta[c], m, 1e-5, "mean of channel " + c);
            // The std is gamma scaled by sqrt(var / (var + eps)), 1 to within eps / var.
            assertEquals(gamma[c], Math.sqrt(v), 1e-4 * gamma[c], "std of channel " + c);
        }
    }

    @Test
    void runningStatsFollowPyTorchsFormula() {
        Random random = new Random(65);
        int channels = 4;
        int plane = 25;
        float momentum = 0.1f;
        float[] x = uniform(random, channels * plane, -1.0, 2.0);
        float[] mean = new float[channels];
        float[] rstd = new float[channels];
        batchNorm(x, TestSupport.filled(channels, 1), new float[channels], null, channels, plane, 0, mean, rstd);
        float[] runningMean = uniform(random, channels, -1.0, 1.0);
        float[] runningVar = uniform(random, channels, 0.5, 2.0);
        float[] oldMean = runningMean.clone();
        float[] oldVar = runningVar.clone();
        for (int c = 0; c < channels; c++) {
            BatchNormKernels.runningStats(c, mean, rstd, plane, EPS, momentum, runningMean, runningVar);
        }
        for (int c = 0; c < channels; c++) {
            double mu = 0;
            for (int j = 0; j < plane; j++) {
                mu += x[c * plane + j];
            }
            mu /= plane;
            double squares = 0;
            for (int j = 0; j < plane; j++) {
                squares += Math.pow(x[c * plane + j] - mu, 2);
            }
            double unbiased = squares / (plane - 1);
            assertEquals((1 - momentum) * oldMean[c] + momentum * mu, runningMean[c], 1e-6, "running mean " + c);
            assertEquals((1 - momentum) * oldVar[c] + momentum * unbiased, runningVar[c], 1e-5, "running var " + c);
        }
        // A constant channel: rstd = 1/sqrt(eps) and a variance of 0, not a rounding below it.
        float[] constant = TestSupport.filled(plane, 0.3f);
        batchNorm(constant, new float[] {1}, new float[] {0}, null, 1, plane, 0, mean, rstd);
        float[] zeroVar = {0};
        BatchNormKernels.runningStats(0, mean, rstd, plane, EPS, 1.0f, new float[1], zeroVar);
        assertTrue(zeroVar[0] >= 0 && zeroVar[0] < 1e-9, "constant channel's variance " + zeroVar[0]);
    }

    @Test
    void batchNormBackwardMatchesFiniteDifferences() {
        int channels = 3;
        for (int plane : new int[] {13, 12}) {
            for (int relu = 0; relu <= 1; relu++) {
                for (int withResidual = 0; withResidual <= 1; withResidual++) {
                    checkBatchNormBackward(new Random(66 + plane + 2 * relu + withResidual), channels, plane, relu,
                            withResidual == 1);
                }
            }
        }
    }

    private static void checkBatchNormBackward(Random random, int channels, int plane, int relu, boolean withResidual) {
        String what = "plane " + plane + " relu " + relu + " residual " + withResidual;
        int n = channels * plane;
        float[] x;
        float[] gamma;
        float[] beta;
        float[] residual;
        // Draw until every pre-activation is at least 0.05 from the ReLU's kink.
        while (true) {
            x = uniform(random, n, -2.0, 2.0);
            gamma = uniform(random, channels, 0.5, 1.5);
            beta = uniform(random, channels, -0.5, 0.5);
            residual = withResidual ? uniform(random, n, -1.0, 1.0) : null;
            float[] pre = batchNorm(x, gamma, beta, residual, channels, plane, 0, new float[channels], new float[channels]);
            boolean clear = true;
            for (float value : pre) {
                clear &= relu == 0 || Math.abs(value) >= 0.05f;
            }
            if (clear) {
                break;
            }
        }
        float[] weights = uniform(random, n, -1.0, 1.0);
        float[] fx = x, fGamma = gamma, fBeta = beta, fResidual = residual;
        DoubleSupplier loss = () -> dot(weights, batchNorm(fx, fGamma, fBeta, fResidual, channels, plane, relu,
                new float[channels], new float[channels]), n);
        double h = 1e-2;
        double[] numericalX = numericalGradient(x, h, loss);
        double[] numericalGamma = numericalGradient(gamma, h, loss);
        double[] numericalBeta = numericalGradient(beta, h, loss);

        float[] mean = new float[channels];
        float[] rstd = new float[channels];
        float[] y = batchNorm(x, gamma, beta, residual, channels, plane, relu, mean, rstd);
        float[] dX = uniform(random, n, -9.0, 9.0); // overwritten
        float[] dGamma = uniform(random, channels, -9.0, 9.0);
        float[] dBeta = uniform(random, channels, -9.0, 9.0);
        float[] prior = uniform(random, n, -1.0, 1.0);
        float[] dResidual = withResidual ? prior.clone() : new float[] {42.0f};
        int mode = withResidual ? 2 : 0;
        for (int c = 0; c < channels; c++) {
            BatchNormKernels.backwardChannel(c, weights, y, x, gamma, mean, rstd, plane, relu, mode, dX, dGamma, dBeta,
                    dResidual);
        }
        assertClose(numericalX, dX, GRADIENT_TOLERANCE, "batchNormBackward dX " + what);
        assertClose(numericalGamma, dGamma, GRADIENT_TOLERANCE, "batchNormBackward dGamma " + what);
        assertClose(numericalBeta, dBeta, GRADIENT_TOLERANCE, "batchNormBackward dBeta " + what);
        if (!withResidual) {
            assertEquals(42.0f, dResidual[0], 0.0f, "mode 0 leaves dResidual alone");
            return;
        }
        double[] numericalResidual = numericalGradient(residual, h, loss);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = numericalResidual[i] + prior[i];
        }
        assertClose(expected, dResidual, GRADIENT_TOLERANCE, "batchNormBackward dResidual accumulated " + what);
        float[] overwritten = uniform(random, n, -9.0, 9.0);
        for (int c = 0; c < channels; c++) {
            BatchNormKernels.backwardChannel(c, weights, y, x, gamma, mean, rstd, plane, relu, 1, dX, dGamma, dBeta,
                    overwritten);
        }
        assertClose(numericalResidual, overwritten, GRADIENT_TOLERANCE, "batchNormBackward dResidual overwritten " + what);
    }
}

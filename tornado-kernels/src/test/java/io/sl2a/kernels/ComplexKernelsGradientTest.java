package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WIRE's complex kernels: the block matrix multiplies interleaved rows as the complex product does;
 * the gradients of the Gabor wavelet and of the block's fold against central differences of
 * L = sum g * output, in double.
 */
class ComplexKernelsGradientTest {
    private static final Random RANDOM = new Random(11);

    private static float uniform(double bound) {
        return (float) ((RANDOM.nextDouble() * 2 - 1) * bound);
    }

    /** y = exp(i w z - |s z|^2) in double. */
    private static double[] gaborDouble(double a, double b, double omega, double sigma) {
        double magnitude = Math.exp(-omega * b - sigma * sigma * (a * a + b * b));
        return new double[] {magnitude * Math.cos(omega * a), magnitude * Math.sin(omega * a)};
    }

    @Test
    void gaborValueIsTheComplexExponential() {
        float[] pre = {0.3f, -0.2f};
        float[] y = new float[2];
        ComplexKernels.gabor(0, pre, 0, 5f, 2f, y);
        double[] expected = gaborDouble(0.3, -0.2, 5, 2);
        assertEquals(expected[0], y[0], 1e-6);
        assertEquals(expected[1], y[1], 1e-6);
        float[] real = {0f, 0.4f};
        float[] out = new float[4];
        ComplexKernels.gabor(1, real, 1, 5f, 2f, out);
        assertEquals(0f, out[0], 0f, "element 0 untouched");
        double[] first = gaborDouble(0.4, 0, 5, 2);
        assertEquals(first[0], out[2], 1e-6, "a real input has b = 0");
        assertEquals(first[1], out[3], 1e-6);
    }

    @Test
    void gaborBackwardMatchesCentralDifferences() {
        double h = 1e-6;
        for (int trial = 0; trial < 300; trial++) {
            float omega = 1 + RANDOM.nextFloat() * 29;
            float sigma = 0.5f + RANDOM.nextFloat() * 3;
            float a = uniform(0.6);
            float b = uniform(0.3);
            float gRe = uniform(1);
            float gIm = uniform(1);
            float[] pre = {a, b};
            float[] y = new float[2];
            ComplexKernels.gabor(0, pre, 0, omega, sigma, y);
            float[] dPre = new float[2];
            ComplexKernels.gaborBackward(0, pre, y, new float[] {gRe, gIm}, 0, omega, sigma, dPre);
            double[] ap = gaborDouble(a + h, b, omega, sigma), am = gaborDouble(a - h, b, omega, sigma);
            double[] bp = gaborDouble(a, b + h, omega, sigma), bm = gaborDouble(a, b - h, omega, sigma);
            double dA = (gRe * (ap[0] - am[0]) + gIm * (ap[1] - am[1])) / (2 * h);
            double dB = (gRe * (bp[0] - bm[0]) + gIm * (bp[1] - bm[1])) / (2 * h);
            double scale = Math.exp(-omega * b) * (omega + 2 * sigma * sigma);
            assertEquals(dA, dPre[0], 1e-4 * scale, "dL/da at " + a + ", " + b);
            assertEquals(dB, dPre[1], 1e-4 * scale, "dL/db at " + a + ", " + b);

            float[] realPre = {a};
            float[] realY = new float[2];
            ComplexKernels.gabor(0, realPre, 1, omega, sigma, realY);
            float[] dReal = new float[1];
            ComplexKernels.gaborBackward(0, realPre, realY, new float[] {gRe, gIm}, 1, omega, sigma, dReal);
            double[] rp = gaborDouble(a + h, 0, omega, sigma), rm = gaborDouble(a - h, 0, omega, sigma);
            double dRealA = (gRe * (rp[0] - rm[0]) + gIm * (rp[1] - rm[1])) / (2 * h);
            assertEquals(dRealA, dReal[0], 1e-4 * scale, "real input: dL/da at " + a);
        }
    }

    @Test
    void theBlockMultipliesInterleavedRowsAsTheComplexProduct() {
        int rows = 3;
        int cols = 4;
        float[] weight = new float[rows * cols * 2];
        float[] x = new float[2 * cols];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = uniform(1);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = uniform(1);
        }
        float[] block = block(weight, rows, cols);
        for (int p = 0; p < rows; p++) {
            double re = 0;
            double im = 0;
            for (int q = 0; q < cols; q++) {
                double wr = weight[2 * (p * cols + q)], wi = weight[2 * (p * cols + q) + 1];
                re += wr * x[2 * q] - wi * x[2 * q + 1];
                im += wr * x[2 * q + 1] + wi * x[2 * q];
            }
            assertEquals(re, dot(block, 2 * p, x), 1e-5, "Re of row " + p);
            assertEquals(im, dot(block, 2 * p + 1, x), 1e-5, "Im of row " + p);
        }
    }

    @Test
    void theFoldedGradientMatchesCentralDifferences() {
        int rows = 2;
        int cols = 3;
        float[] weight = new float[rows * cols * 2];
        float[] x = new float[2 * cols];
        float[] g = new float[2 * rows];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = uniform(1);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = uniform(1);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = uniform(1);
        }
        // dBlock = g x^T for L = g . (B x); the fold gives dL/dW.
        float[] dBlock = new float[4 * rows * cols];
        for (int r = 0; r < 2 * rows; r++) {
            for (int c = 0; c < 2 * cols; c++) {
                dBlock[r * 2 * cols + c] = g[r] * x[c];
            }
        }
        float[] dWeight = new float[weight.length];
        for (int pq = 0; pq < rows * cols; pq++) {
            ComplexKernels.weightGradFromBlock(pq, dBlock, cols, dWeight);
        }
        double h = 1e-3;
        for (int i = 0; i < weight.length; i++) {
            float saved = weight[i];
            weight[i] = (float) (saved + h);
            double plus = loss(block(weight, rows, cols), x, g);
            weight[i] = (float) (saved - h);
            double minus = loss(block(weight, rows, cols), x, g);
            weight[i] = saved;
            assertEquals((plus - minus) / (2 * h), dWeight[i], 1e-3, "weight entry " + i);
        }
    }

    @Test
    void realPartTakesTheEvenPlacesAndItsBackwardZeroesTheOdd() {
        float[] z = {1f, 2f, 3f, 4f};
        float[] y = new float[2];
        ComplexKernels.realPart(0, z, y);
        ComplexKernels.realPart(1, z, y);
        assertEquals(1f, y[0], 0f);
        assertEquals(3f, y[1], 0f);
        float[] dZ = {9f, 9f, 9f, 9f};
        ComplexKernels.realPartBackward(1, new float[] {5f, 6f}, dZ);
        assertEquals(9f, dZ[0], 0f, "element 0 untouched");
        assertEquals(6f, dZ[2], 0f);
        assertEquals(0f, dZ[3], 0f);
    }

    private static float[] block(float[] weight, int rows, int cols) {
        float[] block = new float[4 * rows * cols];
        for (int pq = 0; pq < rows * cols; pq++) {
            ComplexKernels.blockFromWeight(pq, weight, cols, block);
        }
        return block;
    }

    private static double dot(float[] block, int row, float[] x) {
        double sum = 0;
        for (int c = 0; c < x.length; c++) {
            sum += (double) block[row * x.length + c] * x[c];
        }
        return sum;
    }

    private static double loss(float[] block, float[] x, float[] g) {
        double sum = 0;
        for (int r = 0; r < g.length; r++) {
            sum += g[r] * dot(block, r, x);
        }
        return sum;
    }
}

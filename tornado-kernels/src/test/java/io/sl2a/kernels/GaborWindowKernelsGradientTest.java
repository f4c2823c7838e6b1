package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GaborNet's window: its value, and the gradients of L = sum g * w with respect to mu and gamma
 * (the bodies plus the row sums the program does with BiasGrad and MatMul) against central
 * differences in double.
 */
class GaborWindowKernelsGradientTest {
    private static final int IN = 2;
    private static final int OUT = 3;
    private static final int ROWS = 5;

    private static double loss(double[] x, double[] mu, double[] gamma, double[] g) {
        double sum = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int o = 0; o < OUT; o++) {
                double d = 0;
                for (int i = 0; i < IN; i++) {
                    d += Math.pow(x[r * IN + i] - mu[o * IN + i], 2);
                }
                sum += g[r * OUT + o] * Math.exp(-0.5 * gamma[o] * d);
            }
        }
        return sum;
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Random random = new Random(5);
        float[] x = new float[ROWS * IN];
        float[] mu = new float[OUT * IN];
        float[] gamma = new float[OUT];
        float[] g = new float[ROWS * OUT];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < mu.length; i++) {
            mu[i] = random.nextFloat() * 2 - 1;
        }
        for (int o = 0; o < OUT; o++) {
            gamma[o] = 0.5f + 3 * random.nextFloat();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextFloat() * 2 - 1;
        }
        float[] distance = new float[ROWS * OUT];
        float[] window = new float[ROWS * OUT];
        for (int r = 0; r < ROWS; r++) {
            GaborWindowKernels.windowRow(r, x, mu, gamma, IN, OUT, distance, window);
        }
        float[] a = new float[ROWS * OUT];
        float[] ad = new float[ROWS * OUT];
        for (int i = 0; i < a.length; i++) {
            GaborWindowKernels.windowBackward(i, g, window, distance, a, ad);
        }
        // The program's sums over rows: a^T x, and the column sums of a and ad.
        float[] ax = new float[OUT * IN];
        float[] columnA = new float[OUT];
        float[] columnAd = new float[OUT];
        for (int r = 0; r < ROWS; r++) {
            for (int o = 0; o < OUT; o++) {
                columnA[o] += a[r * OUT + o];
                columnAd[o] += ad[r * OUT + o];
                for (int i = 0; i < IN; i++) {
                    ax[o * IN + i] += a[r * OUT + o] * x[r * IN + i];
                }
            }
        }
        float[] dMu = new float[OUT * IN];
        float[] dGamma = new float[OUT];
        for (int o = 0; o < OUT; o++) {
            GaborWindowKernels.parameterGrad(o, mu, gamma, ax, columnA, columnAd, IN, dMu, dGamma);
        }
        double[] xd = toDouble(x);
        double[] md = toDouble(mu);
        double[] gd = toDouble(gamma);
        double[] gg = toDouble(g);
        double h = 1e-6;
        for (int k = 0; k < md.length; k++) {
            double saved = md[k];
            md[k] = saved + h;
            double plus = loss(xd, md, gd, gg);
            md[k] = saved - h;
            double minus = loss(xd, md, gd, gg);
            md[k] = saved;
            assertEquals((plus - minus) / (2 * h), dMu[k], 1e-4, "dMu[" + k + "]");
        }
        for (int o = 0; o < OUT; o++) {
            double saved = gd[o];
            gd[o] = saved + h;
            double plus = loss(xd, md, gd, gg);
            gd[o] = saved - h;
            double minus = loss(xd, md, gd, gg);
            gd[o] = saved;
            assertEquals((plus - minus) / (2 * h), dGamma[o], 1e-4, "dGamma[" + o + "]");
        }
        double d = Math.pow(x[0] - mu[0], 2) + Math.pow(x[1] - mu[1], 2);
        assertEquals(Math.exp(-0.5 * gamma[0] * d), window[0], 1e-6, "the window's value");
        assertEquals(d, distance[0], 1e-6);
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}

package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The KAN layer's kernels: the closed-form cubic bases against the Cox-de Boor recursion on the
 * extended uniform grid (the reference's definition, in double), their input gradient and SiLU's
 * against central differences, and the scaled weights' backward.
 */
class SplineKernelsGradientTest {
    private static final Random RANDOM = new Random(23);

    /** efficient-kan's b_splines for one value: order-0 indicators on [t_j, t_(j+1)), then the recursion. */
    private static double[] coxDeBoor(double x, int gridSize, double lo, double hi) {
        int order = 3;
        double h = (hi - lo) / gridSize;
        int knots = gridSize + 2 * order + 1;
        double[] t = new double[knots];
        for (int j = 0; j < knots; j++) {
            t[j] = lo + (j - order) * h;
        }
        double[] b = new double[knots - 1];
        for (int j = 0; j < b.length; j++) {
            b[j] = x >= t[j] && x < t[j + 1] ? 1 : 0;
        }
        for (int k = 1; k <= order; k++) {
            double[] next = new double[b.length - 1];
            for (int j = 0; j < next.length; j++) {
                next[j] = (x - t[j]) / (t[j + k] - t[j]) * b[j] + (t[j + k + 1] - x) / (t[j + k + 1] - t[j + 1]) * b[j + 1];
            }
            b = next;
        }
        return b;
    }

    @Test
    void basesAreTheCoxDeBoorRecursion() {
        int gridSize = 5;
        for (int trial = 0; trial < 500; trial++) {
            float x = (float) (RANDOM.nextDouble() * 3.2 - 1.6); // inside, near and outside the extended grid
            float[] basis = new float[SplineKernels.bases(gridSize)];
            SplineKernels.basisRow(0, new float[] {x}, 1, gridSize, -1f, 1f, basis);
            double[] expected = coxDeBoor(x, gridSize, -1, 1);
            double sum = 0;
            for (int j = 0; j < basis.length; j++) {
                assertEquals(expected[j], basis[j], 1e-6, "basis " + j + " at " + x);
                sum += basis[j];
            }
            if (x >= -1 && x < 1) {
                assertEquals(1.0, sum, 1e-6, "a partition of unity inside the grid, at " + x);
            }
        }
    }

    @Test
    void theInputGradientMatchesCentralDifferences() {
        int gridSize = 4;
        int in = 2;
        int count = SplineKernels.bases(gridSize);
        for (int trial = 0; trial < 200; trial++) {
            float[] x = {(float) (RANDOM.nextDouble() * 2.4 - 1.2), (float) (RANDOM.nextDouble() * 2.4 - 1.2)};
            float[] g = new float[in * count];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (RANDOM.nextDouble() * 2 - 1);
            }
            float[] dX = {5f, 7f};
            SplineKernels.basisInputGradRow(0, x, g, in, gridSize, -0.8f, 0.9f, 0, dX);
            double h = 1e-4;
            for (int i = 0; i < in; i++) {
                double plus = 0;
                double minus = 0;
                double[] up = coxDeBoor(x[i] + h, gridSize, -0.8, 0.9);
                double[] down = coxDeBoor(x[i] - h, gridSize, -0.8, 0.9);
                for (int j = 0; j < count; j++) {
                    plus += g[i * count + j] * up[j];
                    minus += g[i * count + j] * down[j];
                }
                assertEquals((plus - minus) / (2 * h), dX[i], 2e-3, "input " + i + " at " + x[i]);
            }
            float before = dX[0];
            SplineKernels.basisInputGradRow(0, x, g, in, gridSize, -0.8f, 0.9f, 1, dX);
            assertEquals(2 * before, dX[0], 1e-5 * Math.max(1, Math.abs(before)), "accumulates");
        }
    }

    @Test
    void siluAndItsDerivative() {
        for (int trial = 0; trial < 200; trial++) {
            float x = (float) (RANDOM.nextDouble() * 16 - 8);
            float[] y = new float[1];
            SplineKernels.silu(0, new float[] {x}, y);
            assertEquals(x / (1 + Math.exp(-x)), y[0], 1e-6 * Math.max(1, Math.abs(x)));
            float[] d = new float[1];
            SplineKernels.siluBackward(0, new float[] {x}, new float[] {1.5f}, 0, d);
            double h = 1e-5;
            double difference = ((x + h) / (1 + Math.exp(-(x + h))) - (x - h) / (1 + Math.exp(-(x - h)))) / (2 * h);
            assertEquals(1.5 * difference, d[0], 1e-4, "at " + x);
        }
    }

    @Test
    void theScaledWeightsBackwardIsTheProductRule() {
        int rows = 3;
        int length = 4;
        float[] weight = new float[rows * length];
        float[] scaler = new float[rows];
        float[] dScaled = new float[rows * length];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) RANDOM.nextGaussian();
            dScaled[i] = (float) RANDOM.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            scaler[r] = (float) RANDOM.nextGaussian();
        }
        float[] scaled = new float[weight.length];
        float[] dWeight = new float[weight.length];
        float[] dScaler = new float[rows];
        for (int r = 0; r < rows; r++) {
            SplineKernels.scaleRow(r, weight, scaler, length, scaled);
            SplineKernels.scaleRowBackward(r, dScaled, weight, scaler, length, dWeight, dScaler);
        }
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < length; c++) {
                int i = r * length + c;
                assertEquals(weight[i] * scaler[r], scaled[i], 1e-6);
                assertEquals(dScaled[i] * scaler[r], dWeight[i], 1e-6);
                sum += dScaled[i] * weight[i];
            }
            assertEquals(sum, dScaler[r], 1e-5);
        }
    }
}

package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Hadamard product (both modes) and the ReLU backward against central differences.
 *
 * <p>Gradient tolerance 1e-2 relative to the largest gradient, h = 1e-2: f is bilinear in (a, b) and
 * piecewise linear in the ReLU input (kept at least 0.05 from the kink), so central differences are
 * exact up to float rounding of f, ~1e-5 relative after division by 2h.
 */
class ElementwiseKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;
    private static final double H = 1e-2;

    @Test
    void multiplyOverwritesOrAccumulates() {
        Random random = new Random(41);
        int n = 17;
        float[] a = uniform(random, n, -2.0, 2.0);
        float[] b = uniform(random, n, -2.0, 2.0);
        float[] start = uniform(random, n, -2.0, 2.0);
        float[] overwritten = start.clone();
        float[] accumulated = start.clone();
        for (int i = 0; i < n; i++) {
            ElementwiseKernels.multiply(i, a, b, 0, overwritten);
            ElementwiseKernels.multiply(i, a, b, 1, accumulated);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] * b[i], overwritten[i], 0.0f, "overwrite " + i);
            assertEquals(start[i] + a[i] * b[i], accumulated[i], 0.0f, "accumulate " + i);
        }
    }

    @Test
    void multiplyGradientsMatchFiniteDifferences() {
        // f(a, b1, b2) = sum G1 * (a * b1) + sum G2 * (a * b2): the Hadamard modulation applied twice to
        // the same input. Its gradient with respect to a is G1*b1 + G2*b2, which the backward pass
        // forms with one overwriting multiply and one accumulating multiply; with respect to b1 it is
        // G1*a.
        Random random = new Random(42);
        int n = 19;
        float[] a = uniform(random, n, -2.0, 2.0);
        float[] b1 = uniform(random, n, -2.0, 2.0);
        float[] b2 = uniform(random, n, -2.0, 2.0);
        float[] g1 = uniform(random, n, -1.0, 1.0);
        float[] g2 = uniform(random, n, -1.0, 1.0);
        java.util.function.DoubleSupplier f = () -> {
            float[] out1 = new float[n];
            float[] out2 = new float[n];
            for (int i = 0; i < n; i++) {
                ElementwiseKernels.multiply(i, a, b1, 0, out1);
                ElementwiseKernels.multiply(i, a, b2, 0, out2);
            }
            return dot(g1, out1, n) + dot(g2, out2, n);
        };
        double[] numericalA = numericalGradient(a, H, f);
        double[] numericalB1 = numericalGradient(b1, H, f);

        float[] dA = uniform(random, n, -9.0, 9.0); // garbage: the first multiply overwrites
        float[] dB1 = new float[n];
        for (int i = 0; i < n; i++) {
            ElementwiseKernels.multiply(i, g1, b1, 0, dA);
            ElementwiseKernels.multiply(i, g2, b2, 1, dA);
            ElementwiseKernels.multiply(i, g1, a, 0, dB1);
        }
        assertClose(numericalA, dA, GRADIENT_TOLERANCE, "multiply dA");
        assertClose(numericalB1, dB1, GRADIENT_TOLERANCE, "multiply dB1");
    }

    @Test
    void modulationBackwardMatchesFiniteDifferencesOfTheFusedForward() {
        // f(x, yPrevious) = sum G * z with z = x * yPrevious, from the fused bias-activation-modulate
        // forward (relu off, zero bias, so y = yPrevious); dX accumulates onto a prior value.
        Random random = new Random(44);
        int width = 7;
        int rows = 3;
        int n = rows * width;
        float[] x = uniform(random, n, -2.0, 2.0);
        float[] yPrevious = uniform(random, n, -2.0, 2.0);
        float[] g = uniform(random, n, -1.0, 1.0);
        float[] zeroBias = new float[width];
        java.util.function.DoubleSupplier f = () -> {
            float[] y = yPrevious.clone();
            float[] z = new float[n];
            for (int row = 0; row < rows; row++) {
                LinearKernels.biasActivationModulateRow(row, zeroBias, x, width, 0, y, z);
            }
            return dot(g, z, n);
        };
        double[] numericalX = numericalGradient(x, H, f);
        double[] numericalY = numericalGradient(yPrevious, H, f);
        float[] prior = uniform(random, n, -1.0, 1.0);
        float[] dX = prior.clone();
        float[] dY = uniform(random, n, -9.0, 9.0); // garbage: overwritten
        for (int i = 0; i < n; i++) {
            ElementwiseKernels.modulationBackward(i, g, x, yPrevious, 1, dX, dY);
        }
        double[] expectedX = new double[n];
        for (int i = 0; i < n; i++) {
            expectedX[i] = numericalX[i] + prior[i];
        }
        assertClose(expectedX, dX, GRADIENT_TOLERANCE, "modulationBackward dX (accumulated)");
        assertClose(numericalY, dY, GRADIENT_TOLERANCE, "modulationBackward dYPrevious");
    }

    @Test
    void reluBackwardMatchesFiniteDifferencesOfBiasActivation() {
        Random random = new Random(43);
        int rows = 6;
        int width = 7;
        float[] x = uniform(random, rows * width, -1.0, 1.0);
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) < 0.05f) {
                x[i] = x[i] < 0 ? -0.5f : 0.5f; // away from the kink
            }
        }
        float[] zeroBias = new float[width];
        float[] g = uniform(random, rows * width, -1.0, 1.0);
        double[] numerical = numericalGradient(x, H, () -> {
            float[] y = x.clone();
            for (int row = 0; row < rows; row++) {
                LinearKernels.biasActivationRow(row, zeroBias, width, 1, y);
            }
            return dot(g, y, y.length);
        });
        float[] y = x.clone();
        for (int row = 0; row < rows; row++) {
            LinearKernels.biasActivationRow(row, zeroBias, width, 1, y);
        }
        float[] dX = uniform(random, rows * width, -9.0, 9.0);
        for (int i = 0; i < dX.length; i++) {
            ElementwiseKernels.reluBackward(i, y, g, dX);
        }
        assertClose(numerical, dX, GRADIENT_TOLERANCE, "reluBackward");

        // In place (dX aliases dY), as the Op contract allows.
        float[] inPlace = g.clone();
        for (int i = 0; i < inPlace.length; i++) {
            ElementwiseKernels.reluBackward(i, y, inPlace, inPlace);
        }
        assertClose(dX, inPlace, 0.0, "reluBackward in place");
    }

    @Test
    void reluBackwardIsZeroWhereTheOutputIsZero() {
        float[] y = {0.0f, 0.0f, 3.0f, 1e-30f};
        float[] dY = {5.0f, -5.0f, 2.0f, -7.0f};
        float[] dX = new float[4];
        for (int i = 0; i < 4; i++) {
            ElementwiseKernels.reluBackward(i, y, dY, dX);
        }
        assertEquals(0.0f, Math.abs(dX[0]), 0.0f);
        assertEquals(0.0f, Math.abs(dX[1]), 0.0f);
        assertEquals(2.0f, dX[2], 0.0f);
        assertEquals(-7.0f, dX[3], 0.0f);
    }

    @Test
    void copy() {
        float[] source = {1.0f, -2.0f, 3.5f};
        float[] destination = new float[3];
        for (int i = 0; i < 3; i++) {
            ElementwiseKernels.copy(i, source, destination);
        }
        assertClose(source, destination, 0.0, "copy");
    }
}

package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The MSE loss body: its gradient against central differences of {@code mean((pred - target)^2)}
 * and its per-row squared errors against double sums.
 *
 * <p>Gradient tolerance 1e-2 relative to the largest gradient, h = 1e-2: the loss is quadratic, so
 * central differences have no truncation error and only the float rounding of the inputs and of f
 * (evaluated in double from float differences here, ~1e-6 relative) remains.
 */
class LossKernelsGradientTest {

    @Test
    void mseRowGradientMatchesFiniteDifferencesAndRowErrorsMatchDoubleSums() {
        Random random = new Random(51);
        int rows = 6;
        int width = 3;
        float[] pred = uniform(random, rows * width, -1.0, 1.0);
        float[] target = uniform(random, rows * width, -1.0, 1.0);
        double[] numerical = numericalGradient(pred, 1e-2, () -> {
            double sum = 0.0;
            for (int i = 0; i < pred.length; i++) {
                double diff = (double) pred[i] - target[i];
                sum += diff * diff;
            }
            return sum / pred.length;
        });

        float scale = 2.0f / (rows * width);
        float[] dPred = uniform(random, rows * width, -9.0, 9.0); // garbage: must be overwritten
        float[] rowSquaredError = uniform(random, rows, -9.0, 9.0);
        for (int row = 0; row < rows; row++) {
            LossKernels.mseRow(row, pred, target, width, scale, dPred, rowSquaredError);
        }
        assertClose(numerical, dPred, 1e-2, "MSE gradient");

        double[] expectedRows = new double[rows];
        for (int i = 0; i < pred.length; i++) {
            double diff = (double) pred[i] - target[i];
            expectedRows[i / width] += diff * diff;
        }
        // Sums of `width` float squares: a few ulp.
        assertClose(expectedRows, rowSquaredError, 1e-6, "row squared errors");
    }

    @Test
    void accumulateSumAddsTheValuesToTheRunningTotal() {
        float[] values = {0.5f, 1.25f, -0.25f, 3.0f, 100.0f};
        float[] total = {10.0f};
        LossKernels.accumulateSum(0, values, 4, total);
        org.junit.jupiter.api.Assertions.assertEquals(14.5f, total[0], 0.0f, "first four values added, the fifth not");
        LossKernels.accumulateSum(0, values, 1, total);
        org.junit.jupiter.api.Assertions.assertEquals(15.0f, total[0], 0.0f, "accumulates across calls");
    }
}

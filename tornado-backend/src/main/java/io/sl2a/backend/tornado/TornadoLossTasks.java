package io.sl2a.backend.tornado;

import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.LossKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the loss and regularisation terms: {@code @Parallel} loops over the
 * kernel bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoLossTasks {
    private TornadoLossTasks() {
    }

    /** MSE with the contract's scale {@code 2 / (rows * width)} at the runtime row count. */
    /** {@code fixedCount} 0: over the batch's rows; else over that many (a measurement's). */
    public static void mseLoss(int[] rows, float[] pred, float[] target, float[] dPred, float[] rowSquaredError,
            int width, int fixedCount, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            int count = fixedCount > 0 ? fixedCount : rows[0];
            if (row < count) {
                float scale = 2.0f / ((float) count * width);
                LossKernels.mseRow(row, pred, target, width, scale, dPred, rowSquaredError);
            }
        }
    }

    /** One work-item: {@code total[0] += sum of values[0..rows)}. */
    public static void accumulateSum(int[] rows, float[] values, float[] total, int items) {
        for (@Parallel int item = 0; item < items; item++) {
            LossKernels.accumulateSum(item, values, rows[0], total);
        }
    }

    public static void coefficientPenalty(float[] coefficients, float[] dCoefficients, float weightA, float weightB,
            float weightC, float weightD, int count) {
        for (@Parallel int j = 0; j < count; j++) {
            HarmonizerKernels.coefficientPenalty(j, coefficients, weightA, weightB, weightC, weightD, dCoefficients);
        }
    }
}

package io.sl2a.kernels;

/** Mean squared error over all {@code rows * width} values, as torch's {@code ((p - t)**2).mean()}. */
public final class LossKernels {
    private LossKernels() {
    }

    /**
     * For one row: writes the gradient {@code dPred = scale * (pred - target)} with
     * {@code scale = 2 / (rows * width)} and the row's sum of squared errors into
     * {@code rowSquaredError[row]}.
     */
    public static void mseRow(int row, float[] pred, float[] target, int width, float scale, float[] dPred,
            float[] rowSquaredError) {
        int base = row * width;
        float sum = 0.0f;
        for (int j = 0; j < width; j++) {
            float diff = pred[base + j] - target[base + j];
            dPred[base + j] = scale * diff;
            sum += diff * diff;
        }
        rowSquaredError[row] = sum;
    }

    /**
     * {@code total[0] += sum of values[0..count)}: one work-item. Lets a backend keep an epoch's sum
     * of squared errors on the device, so the host reads one number per epoch instead of one per row.
     */
    public static void accumulateSum(int item, float[] values, int count, float[] total) {
        float sum = 0.0f;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        total[item] += sum;
    }
}

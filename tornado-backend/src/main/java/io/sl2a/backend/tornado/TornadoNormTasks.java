package io.sl2a.backend.tornado;

import io.sl2a.kernels.BatchNormKernels;
import io.sl2a.kernels.LayerNormKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the normalisations: {@code @Parallel} loops over the kernel bodies, as
 * {@link TornadoTasks} describes.
 */
public final class TornadoNormTasks {
    private TornadoNormTasks() {
    }

    public static void layerNormForward(int[] rows, float[] x, float[] gamma, float[] beta, float[] y, float[] mean,
            float[] rstd, int width, float eps, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LayerNormKernels.forwardRow(row, x, gamma, beta, width, eps, y, mean, rstd);
            }
        }
    }

    /** First stage of the gamma and beta gradients. */
    public static void layerNormParamGradPartial(int[] rows, float[] dY, float[] x, float[] mean, float[] rstd,
            float[] partialGamma, float[] partialBeta, int width, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            LayerNormKernels.paramGradPartial(chunk, rowsPerChunk, count, dY, x, mean, rstd, width, partialGamma,
                    partialBeta);
        }
    }

    public static void layerNormBackward(int[] rows, float[] dY, float[] x, float[] gamma, float[] mean, float[] rstd,
            float[] dX, int width, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LayerNormKernels.backwardRow(row, dY, x, gamma, mean, rstd, width, dX);
            }
        }
    }

    /** {@code residual} is a one-float dummy when {@code hasResidual} is 0. */
    public static void batchNormForward(float[] x, float[] gamma, float[] beta, float[] residual, float[] y, float[] mean,
            float[] rstd, int hasResidual, int plane, float eps, int relu, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.forwardChannel(c, x, gamma, beta, residual, hasResidual, plane, eps, relu, y, mean, rstd);
        }
    }

    /** {@code dResidual} is a one-float dummy when {@code residualMode} is 0. */
    public static void batchNormBackward(float[] dY, float[] y, float[] x, float[] gamma, float[] mean, float[] rstd,
            float[] dX, float[] dGamma, float[] dBeta, float[] dResidual, int plane, int relu, int residualMode,
            int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.backwardChannel(c, dY, y, x, gamma, mean, rstd, plane, relu, residualMode, dX, dGamma, dBeta,
                    dResidual);
        }
    }

    public static void batchNormRunningStats(float[] mean, float[] rstd, float[] runningMean, float[] runningVar, int plane,
            float eps, float momentum, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.runningStats(c, mean, rstd, plane, eps, momentum, runningMean, runningVar);
        }
    }
}

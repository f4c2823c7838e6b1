package io.sl2a.backend.tornado;

import io.sl2a.kernels.SparseKernels;
import io.sl2a.kernels.VolumeRenderKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the volume rendering and the sparse product: {@code @Parallel} loops over
 * the kernel bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoRenderTasks {
    private TornadoRenderTasks() {
    }

    /** {@link VolumeRenderKernels#renderRay} over the batch's {@code rows[0] / samples} rays. */
    public static void volumeRender(int[] rows, float[] field, float[] t, float[] delta, float[] rgb, float[] opacity,
            float[] depth, int samples, float background, int maxRays) {
        for (@Parallel int ray = 0; ray < maxRays; ray++) {
            if (ray < rows[0] / samples) {
                VolumeRenderKernels.renderRay(ray, field, t, delta, samples, background, rgb, opacity, depth);
            }
        }
    }

    /** {@link VolumeRenderKernels#renderRayBackward} over the batch's {@code rows[0] / samples} rays. */
    public static void volumeRenderBackward(int[] rows, float[] field, float[] delta, float[] rgb, float[] opacity,
            float[] dRgb, float[] dField, int samples, float background, int maxRays) {
        for (@Parallel int ray = 0; ray < maxRays; ray++) {
            if (ray < rows[0] / samples) {
                VolumeRenderKernels.renderRayBackward(ray, field, delta, rgb, opacity, dRgb, samples, background, dField);
            }
        }
    }

    /** {@link SparseKernels#productRow} over every output row. */
    public static void sparseProduct(float[] rowStart, float[] columns, float[] values, float[] x, float[] y, int channels,
            int outRows) {
        for (@Parallel int row = 0; row < outRows; row++) {
            SparseKernels.productRow(row, rowStart, columns, values, x, channels, y);
        }
    }
}

package io.sl2a.backend.tornado;

import io.sl2a.kernels.ComplexKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of WIRE's complex operations: {@code @Parallel} loops over the kernel
 * bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoComplexTasks {
    private TornadoComplexTasks() {
    }

    public static void complexBlock(float[] weight, float[] block, int cols, int count) {
        for (@Parallel int pq = 0; pq < count; pq++) {
            ComplexKernels.blockFromWeight(pq, weight, cols, block);
        }
    }

    public static void complexBlockGrad(float[] dBlock, float[] dWeight, int cols, int count) {
        for (@Parallel int pq = 0; pq < count; pq++) {
            ComplexKernels.weightGradFromBlock(pq, dBlock, cols, dWeight);
        }
    }

    public static void complexGabor(int[] rows, float[] pre, float[] y, int width, int realInput, float omega, float sigma,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gabor(i, pre, realInput, omega, sigma, y);
            }
        }
    }

    public static void complexGaborBackward(int[] rows, float[] pre, float[] y, float[] dY, float[] dPre, int width,
            int realInput, float omega, float sigma, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gaborBackward(i, pre, y, dY, realInput, omega, sigma, dPre);
            }
        }
    }

    /** Gabor backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void complexGaborBackwardInPlace(int[] rows, float[] pre, float[] y, float[] d, int width, float omega,
            float sigma, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gaborBackward(i, pre, y, d, 0, omega, sigma, d);
            }
        }
    }

    public static void realPart(int[] rows, float[] z, float[] y, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.realPart(i, z, y);
            }
        }
    }

    public static void realPartBackward(int[] rows, float[] dY, float[] dZ, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.realPartBackward(i, dY, dZ);
            }
        }
    }
}

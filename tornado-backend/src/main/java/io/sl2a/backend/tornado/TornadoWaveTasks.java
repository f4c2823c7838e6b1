package io.sl2a.backend.tornado;

import io.sl2a.kernels.ColumnKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GaborWindowKernels;
import io.sl2a.kernels.IncodeKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.kernels.WaveKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the activations and elementwise operations: {@code @Parallel} loops over
 * the kernel bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoWaveTasks {
    private TornadoWaveTasks() {
    }

    public static void biasWave(int[] rows, float[] bias, float[] pre, float[] y, int width, int kind, float scale,
            int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                WaveKernels.biasWaveRow(row, bias, width, kind, scale, pre, y);
            }
        }
    }

    public static void waveBackward(int[] rows, float[] pre, float[] dY, float[] dPre, int width, int kind, float scale,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                WaveKernels.waveBackward(i, pre, dY, kind, scale, dPre);
            }
        }
    }

    /** Wave backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void waveBackwardInPlace(int[] rows, float[] pre, float[] d, int width, int kind, float scale,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                WaveKernels.waveBackward(i, pre, d, kind, scale, d);
            }
        }
    }

    public static void incodeSine(int[] rows, float[] pre, float[] coefficients, float[] y, int width, float omega,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                IncodeKernels.incodeSine(i, pre, coefficients, omega, y);
            }
        }
    }

    public static void incodeSineBackward(int[] rows, float[] pre, float[] y, float[] coefficients, float[] dY, float[] dPre,
            float[] rowCoefficientGrad, int width, float omega, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                IncodeKernels.incodeSineBackwardRow(row, pre, y, coefficients, dY, width, omega, dPre, rowCoefficientGrad);
            }
        }
    }

    /** The composer's backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void incodeSineBackwardInPlace(int[] rows, float[] pre, float[] y, float[] coefficients, float[] d,
            float[] rowCoefficientGrad, int width, float omega, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                IncodeKernels.incodeSineBackwardRow(row, pre, y, coefficients, d, width, omega, d, rowCoefficientGrad);
            }
        }
    }

    public static void gaborWindow(int[] rows, float[] x, float[] mu, float[] gamma, float[] distance, float[] window, int in,
            int out, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                GaborWindowKernels.windowRow(row, x, mu, gamma, in, out, distance, window);
            }
        }
    }

    public static void gaborWindowBackward(int[] rows, float[] dWindow, float[] window, float[] distance, float[] a,
            float[] ad, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                GaborWindowKernels.windowBackward(i, dWindow, window, distance, a, ad);
            }
        }
    }

    public static void gaborWindowParamGrad(float[] mu, float[] gamma, float[] ax, float[] columnA, float[] columnAd,
            float[] dMu, float[] dGamma, int in, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            GaborWindowKernels.parameterGrad(o, mu, gamma, ax, columnA, columnAd, in, dMu, dGamma);
        }
    }

    public static void silu(int[] rows, float[] x, float[] y, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                SplineKernels.silu(i, x, y);
            }
        }
    }

    public static void siluBackward(int[] rows, float[] x, float[] dY, float[] dX, int width, int accumulate,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                SplineKernels.siluBackward(i, x, dY, accumulate, dX);
            }
        }
    }

    /** {@link io.sl2a.program.Op.Multiply} of a buffer with itself: one array argument, passed twice to the body. */
    public static void square(int[] rows, float[] a, float[] out, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.multiply(i, a, a, accumulate, out);
            }
        }
    }

    public static void multiply(int[] rows, float[] a, float[] b, float[] out, int width, int accumulate,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.multiply(i, a, b, accumulate, out);
            }
        }
    }

    public static void copy(int[] rows, float[] source, float[] destination, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.copy(i, source, destination);
            }
        }
    }

    public static void columnCopy(int[] rows, float[] src, float[] dst, int srcWidth, int srcOffset, int dstWidth,
            int dstOffset, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ColumnKernels.columnCopy(i, src, srcWidth, srcOffset, dst, dstWidth, dstOffset, width, accumulate);
            }
        }
    }
}

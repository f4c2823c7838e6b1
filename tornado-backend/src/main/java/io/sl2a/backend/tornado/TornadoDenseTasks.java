package io.sl2a.backend.tornado;

import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.LinearKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the dense layers' operations: {@code @Parallel} loops over the kernel
 * bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoDenseTasks {
    private TornadoDenseTasks() {
    }

    /**
     * {@code C(m x n) = op(A) op(B) + beta C}, one row of C per work-item; dense row-major operands as
     * {@link io.sl2a.program.Op.MatMul} states. {@code mSpec/nSpec/kSpec}: fixed size, or 0 for the row count.
     */
    public static void matMul(int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec, int kSpec,
            int transposeA, int transposeB, float beta, int maxM) {
        for (@Parallel int row = 0; row < maxM; row++) {
            int count = rows[0];
            int m = mSpec == 0 ? count : mSpec;
            if (row < m) {
                int n = nSpec == 0 ? count : nSpec;
                int k = kSpec == 0 ? count : kSpec;
                int aRowStride = transposeA != 0 ? 1 : k;
                int aColStride = transposeA != 0 ? m : 1;
                int bRowStride = transposeB != 0 ? 1 : n;
                int bColStride = transposeB != 0 ? k : 1;
                LinearKernels.gemmRow(row, n, k, 1.0f, a, 0, aRowStride, aColStride, b, 0, bRowStride, bColStride, beta,
                        c, 0, n);
            }
        }
    }

    public static void biasActivation(int[] rows, float[] bias, float[] y, int width, int relu, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LinearKernels.biasActivationRow(row, bias, width, relu, y);
            }
        }
    }

    public static void biasActivationModulate(int[] rows, float[] bias, float[] x, float[] y, float[] z, int width,
            int relu, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LinearKernels.biasActivationModulateRow(row, bias, x, width, relu, y, z);
            }
        }
    }

    /** First stage of a column sum (bias gradient): one partial row per chunk of rows. */
    public static void columnSumPartial(int[] rows, float[] dY, float[] partial, int width, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            LinearKernels.columnSumPartial(chunk, rowsPerChunk, count, dY, width, partial);
        }
    }

    public static void reluBackward(int[] rows, float[] y, float[] dY, float[] dX, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.reluBackward(i, y, dY, dX);
            }
        }
    }

    /** ReLU backward in place ({@code dX == dY}): one array argument, passed twice to the body. */
    public static void reluBackwardInPlace(int[] rows, float[] y, float[] d, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.reluBackward(i, y, d, d);
            }
        }
    }

    public static void modulationBackward(int[] rows, float[] dZ, float[] x, float[] yPrevious, float[] dX,
            float[] dYPrevious, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.modulationBackward(i, dZ, x, yPrevious, accumulate, dX, dYPrevious);
            }
        }
    }

    public static void denseVector(float[] x, float[] weight, float[] bias, float[] pre, float[] y, int in, int silu,
            int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVector(o, x, weight, bias, in, silu, pre, y);
        }
    }

    /** Dense layer without the SiLU into the pre buffer alone ({@code y == pre}): one array, passed twice. */
    public static void denseVectorInPlace(float[] x, float[] weight, float[] bias, float[] pre, int in, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVector(o, x, weight, bias, in, 0, pre, pre);
        }
    }

    /** The dense backward's first pass (dPre, dBias, dWeight), per output. */
    public static void denseVectorBackwardOutput(float[] dY, float[] pre, float[] x, float[] dPre, float[] dWeight,
            float[] dBias, int in, int silu, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVectorBackwardOutput(o, dY, pre, x, in, silu, dPre, dWeight, dBias);
        }
    }

    /** The dense backward's second pass (dX), per input, after the first. */
    public static void denseVectorBackwardInput(float[] weight, float[] dPre, float[] dX, int in, int out) {
        for (@Parallel int i = 0; i < in; i++) {
            HarmonizerKernels.denseVectorBackwardInput(i, weight, dPre, in, out, dX);
        }
    }
}

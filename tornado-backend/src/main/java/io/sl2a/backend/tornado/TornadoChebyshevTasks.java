package io.sl2a.backend.tornado;

import io.sl2a.kernels.ChebyshevKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the Chebyshev operations: {@code @Parallel} loops over the kernel bodies,
 * as {@link TornadoTasks} describes.
 */
public final class TornadoChebyshevTasks {
    private TornadoChebyshevTasks() {
    }

    public static void chebyshevForward(int[] rows, float[] coords, float[] coeff, float[] out, int in, int outDim,
            int degree, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                ChebyshevKernels.forwardRow(row, coords, coeff, in, outDim, degree, out);
            }
        }
    }

    public static void chebyshevCoeffGrad(int[] rows, float[] coords, float[] dOut, float[] dCoeff, int in, int outDim,
            int degree, int pairs) {
        for (@Parallel int pair = 0; pair < pairs; pair++) {
            ChebyshevKernels.coeffGradPair(pair, coords, dOut, rows[0], in, outDim, degree, dCoeff, 0);
        }
    }

    /** {@link ChebyshevKernels#coeffGradSlice} for every (slice, pair): item = slice * pairs + pair. */
    public static void chebyshevCoeffGradSlices(int[] rows, float[] coords, float[] dOut, float[] partial, int in,
            int outDim, int degree, int slices, int items) {
        for (@Parallel int item = 0; item < items; item++) {
            int pairs = in * outDim;
            int slice = item / pairs;
            ChebyshevKernels.coeffGradSlice(slice, item - slice * pairs, slices, coords, dOut, rows[0], in, outDim,
                    degree, partial);
        }
    }

    public static void chebyshevInputGrad(int[] rows, float[] coords, float[] coeff, float[] dOut, float[] dCoords,
            int in, int outDim, int degree, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                ChebyshevKernels.inputGradRow(row, coords, coeff, dOut, in, outDim, degree, dCoords);
            }
        }
    }

    public static void chebyshevAxisTable(float[] values, float[] coeff, float[] table, int outDim, int degree,
            int axisLength, int axisRows) {
        for (@Parallel int axisRow = 0; axisRow < axisRows; axisRow++) {
            ChebyshevKernels.axisTableRow(axisRow, values, coeff, outDim, degree, axisLength, table);
        }
    }

    public static void chebyshevAxisCoeffGrad(float[] values, float[] dTable, float[] dCoeff, int outDim, int degree,
            int axisLength, int pairs) {
        for (@Parallel int pair = 0; pair < pairs; pair++) {
            ChebyshevKernels.axisCoeffGradPair(pair, values, dTable, outDim, degree, axisLength, dCoeff);
        }
    }
}

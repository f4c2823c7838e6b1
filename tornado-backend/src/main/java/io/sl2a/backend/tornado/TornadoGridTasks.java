package io.sl2a.backend.tornado;

import io.sl2a.kernels.EncodingKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.kernels.SplineKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the grid path's gather and scatter, the positional encoding and the
 * B-splines: {@code @Parallel} loops over the kernel bodies, as {@link TornadoTasks} describes.
 */
public final class TornadoGridTasks {
    private TornadoGridTasks() {
    }

    public static void gatherSum(int[] rows, float[] table, float[] index, float[] out, int in, int outDim,
            int axisLength, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                GridKernels.gatherSumRow(row, table, index, in, outDim, axisLength, out);
            }
        }
    }

    /** First stage of the scatter: one private table per chunk of rows. */
    public static void scatterSumPartial(int[] rows, float[] dOut, float[] index, float[] partial, int in, int outDim,
            int axisLength, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            GridKernels.scatterSumPartial(chunk, rowsPerChunk, count, dOut, index, in, outDim, axisLength, partial);
        }
    }

    public static void positionalEncoding(int[] rows, float[] coords, float[] out, int in, int frequencies, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                EncodingKernels.positionalRow(row, coords, in, frequencies, out);
            }
        }
    }

    public static void bsplineBasis(int[] rows, float[] x, float[] basis, int in, int gridSize, float lo, float hi,
            int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                SplineKernels.basisRow(row, x, in, gridSize, lo, hi, basis);
            }
        }
    }

    public static void bsplineInputGrad(int[] rows, float[] x, float[] dBasis, float[] dX, int in, int gridSize, float lo,
            float hi, int accumulate, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                SplineKernels.basisInputGradRow(row, x, dBasis, in, gridSize, lo, hi, accumulate, dX);
            }
        }
    }

    public static void scaleRows(float[] weight, float[] scaler, float[] scaled, int length, int count) {
        for (@Parallel int r = 0; r < count; r++) {
            SplineKernels.scaleRow(r, weight, scaler, length, scaled);
        }
    }

    public static void scaleRowsBackward(float[] dScaled, float[] weight, float[] scaler, float[] dWeight, float[] dScaler,
            int length, int count) {
        for (@Parallel int r = 0; r < count; r++) {
            SplineKernels.scaleRowBackward(r, dScaled, weight, scaler, length, dWeight, dScaler);
        }
    }

    public static void hashGridEncode(int[] rows, float[] coords, float[] resolutions, float[] table, float[] out,
            int dims, int levels, int features, int levelSize, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                HashGridKernels.encodeRow(row, coords, resolutions, table, dims, levels, features, levelSize, out);
            }
        }
    }

    /** One item per (level, feature): each owns its slice of dTable (see HashGridKernels.scatterItem). */
    public static void hashGridScatter(int[] rows, float[] coords, float[] resolutions, float[] dOut, float[] dTable,
            int dims, int levels, int features, int levelSize) {
        for (@Parallel int item = 0; item < levels * features; item++) {
            HashGridKernels.scatterItem(item, rows[0], coords, resolutions, dOut, dims, levels, features, levelSize,
                    dTable);
        }
    }

    public static void gridTotalVariation(float[] table, float[] dTable, int dims, int resolution, int features,
            float weight, int vertices) {
        for (@Parallel int v = 0; v < vertices; v++) {
            HashGridKernels.totalVariationVertex(v, table, dims, resolution, features, weight, dTable);
        }
    }
}

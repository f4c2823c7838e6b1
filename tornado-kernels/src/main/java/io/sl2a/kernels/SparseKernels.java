package io.sl2a.kernels;

/**
 * A sparse matrix in compressed rows (CSR) times a matrix of {@code channels} columns:
 * {@code y[r, c] = sum over e in [rowStart[r], rowStart[r+1]) of values[e] * x[columns[e], c]}.
 * This is how a measurement operator (area downsampling, the Radon transform) acts on a network's
 * rendering, one pixel per row with its channels interleaved; its adjoint is the same product with
 * the transpose's CSR, built once on the host, so neither direction needs atomic adds. Row starts
 * and column indices are held in float buffers like every other index of a program (exact below
 * 2^24; whoever builds the matrix checks that).
 */
public final class SparseKernels {
    private SparseKernels() {
    }

    /** One output row of {@code y = A x}, every channel. */
    public static void productRow(int row, float[] rowStart, float[] columns, float[] values, float[] x, int channels,
            float[] y) {
        int first = (int) rowStart[row];
        int end = (int) rowStart[row + 1];
        int out = row * channels;
        for (int c = 0; c < channels; c++) {
            float sum = 0.0f;
            for (int e = first; e < end; e++) {
                sum += values[e] * x[((int) columns[e]) * channels + c];
            }
            y[out + c] = sum;
        }
    }
}

package io.sl2a.kernels;

/**
 * Dense products and biases. Matrices are addressed with explicit row and column strides so that
 * one body serves plain and transposed operands: element (r, c) of A is
 * {@code a[aOffset + r*aRowStride + c*aColStride]}.
 */
public final class LinearKernels {
    private LinearKernels() {
    }

    /**
     * One row of {@code C = alpha * A(m x k) * B(k x n) + beta * C}; C is row-major with leading
     * dimension {@code ldc}. When beta is 0, C is overwritten (never read), as in BLAS.
     */
    public static void gemmRow(int row, int n, int k, float alpha, float[] a, int aOffset, int aRowStride, int aColStride,
            float[] b, int bOffset, int bRowStride, int bColStride, float beta, float[] c, int cOffset, int ldc) {
        int cBase = cOffset + row * ldc;
        for (int j = 0; j < n; j++) {
            float sum = 0.0f;
            for (int p = 0; p < k; p++) {
                sum += a[aOffset + row * aRowStride + p * aColStride] * b[bOffset + p * bRowStride + j * bColStride];
            }
            c[cBase + j] = beta == 0.0f ? alpha * sum : alpha * sum + beta * c[cBase + j];
        }
    }

    /**
     * Adds the bias to one row and applies ReLU when {@code relu} is non-zero. ReLU is Math.max, not
     * a branch: a data-dependent branch mispredicts on half the values and runs ten times slower.
     */
    public static void biasActivationRow(int row, float[] bias, int width, int relu, float[] y) {
        int base = row * width;
        if (relu != 0) {
            for (int j = 0; j < width; j++) {
                y[base + j] = Math.max(y[base + j] + bias[j], 0.0f);
            }
        } else {
            for (int j = 0; j < width; j++) {
                y[base + j] = y[base + j] + bias[j];
            }
        }
    }

    /**
     * {@link #biasActivationRow} fused with the next layer's modulation: {@code y = act(y + bias)}
     * and {@code z = x * y} in one pass over the row.
     */
    public static void biasActivationModulateRow(int row, float[] bias, float[] x, int width, int relu, float[] y,
            float[] z) {
        int base = row * width;
        for (int j = 0; j < width; j++) {
            float v = y[base + j] + bias[j];
            float activated = relu != 0 ? Math.max(v, 0.0f) : v;
            y[base + j] = activated;
            z[base + j] = x[base + j] * activated;
        }
    }

    /**
     * First stage of a column sum (the bias gradient): chunk {@code chunk} sums its rows
     * {@code [chunk*rowsPerChunk, min(rows, (chunk+1)*rowsPerChunk))} of dY into
     * {@code partial[chunk*width + j]}, reading rows contiguously.
     */
    public static void columnSumPartial(int chunk, int rowsPerChunk, int rows, float[] dY, int width, float[] partial) {
        int base = chunk * width;
        for (int j = 0; j < width; j++) {
            partial[base + j] = 0.0f;
        }
        int end = Math.min(rows, (chunk + 1) * rowsPerChunk);
        for (int row = chunk * rowsPerChunk; row < end; row++) {
            for (int j = 0; j < width; j++) {
                partial[base + j] += dY[row * width + j];
            }
        }
    }

    /** Second stage: {@code out[column] = sum over chunks of partial[chunk*width + column]}. */
    public static void reducePartials(int column, float[] partial, int chunks, int width, float[] out) {
        float sum = 0.0f;
        for (int chunk = 0; chunk < chunks; chunk++) {
            sum += partial[chunk * width + column];
        }
        out[column] = sum;
    }

    /**
     * The accumulating second stage: {@code out[column] += sum over chunks of partial[chunk*width + column]}
     * (a gradient that several layers add to, as INCODE's shared coefficients).
     */
    public static void accumulatePartials(int column, float[] partial, int chunks, int width, float[] out) {
        float sum = 0.0f;
        for (int chunk = 0; chunk < chunks; chunk++) {
            sum += partial[chunk * width + column];
        }
        out[column] = out[column] + sum;
    }
}

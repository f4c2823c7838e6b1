package io.sl2a.kernels;

/**
 * The B-spline KAN layer's pieces (efficient-kan's {@code KANLinear}): cubic B-spline bases on a
 * uniform grid, the SiLU of its base branch, and the spline weights scaled per (out, in) pair.
 *
 * <p>The grid of G intervals on [lo, hi], h = (hi - lo) / G, extended by 3 knots each side, has the
 * knots t_j = lo + (j - 3) h; basis j = 0..G+2 is the cardinal cubic B-spline N(s - j) with
 * s = (x - lo) / h + 3, zero outside [t_j, t_(j+4)). In exact arithmetic this is the Cox-de Boor
 * recursion the reference evaluates; here it is the closed form of the uniform cubic's four pieces
 * (no scratch array per work-item, which a GPU kernel cannot allocate). Spline order 3 only.
 */
public final class SplineKernels {
    /** The spline order these kernels implement (the reference's default, and the paper's). */
    public static final int ORDER = 3;

    private SplineKernels() {
    }

    /** Bases per input: grid intervals plus the order. */
    public static int bases(int gridSize) {
        return gridSize + ORDER;
    }

    /** The cardinal cubic B-spline at u (support [0, 4)). */
    static float cubic(float u) {
        if (!(u >= 0.0f) || u >= 4.0f) {
            return 0.0f;
        }
        if (u < 1.0f) {
            return u * u * u / 6.0f;
        }
        if (u < 2.0f) {
            float v = u - 1.0f;
            return (((-3.0f * v + 3.0f) * v + 3.0f) * v + 1.0f) / 6.0f;
        }
        if (u < 3.0f) {
            float v = u - 2.0f;
            return ((3.0f * v - 6.0f) * v * v + 4.0f) / 6.0f;
        }
        float w = 4.0f - u;
        return w * w * w / 6.0f;
    }

    /** dN/du of the cardinal cubic B-spline. */
    static float cubicDerivative(float u) {
        if (!(u >= 0.0f) || u >= 4.0f) {
            return 0.0f;
        }
        if (u < 1.0f) {
            return u * u / 2.0f;
        }
        if (u < 2.0f) {
            float v = u - 1.0f;
            return ((-3.0f * v + 2.0f) * v + 1.0f) / 2.0f;
        }
        if (u < 3.0f) {
            float v = u - 2.0f;
            return (3.0f * v - 4.0f) * v / 2.0f;
        }
        float w = 4.0f - u;
        return -w * w / 2.0f;
    }

    /** One row: {@code basis[row][i][j]} for every input i and basis j (in * (G + 3) per row). */
    public static void basisRow(int row, float[] x, int in, int gridSize, float lo, float hi, float[] basis) {
        int count = gridSize + ORDER;
        float h = (hi - lo) / gridSize;
        for (int i = 0; i < in; i++) {
            float s = (x[row * in + i] - lo) / h + ORDER;
            int base = (row * in + i) * count;
            for (int j = 0; j < count; j++) {
                basis[base + j] = cubic(s - j);
            }
        }
    }

    /**
     * One row of the input gradient through the bases: {@code dX[row][i] (+)= sum_j dBasis[row][i][j]
     * N'(s - j) / h}, accumulating when {@code accumulate} is non-zero.
     */
    public static void basisInputGradRow(int row, float[] x, float[] dBasis, int in, int gridSize, float lo, float hi,
            int accumulate, float[] dX) {
        int count = gridSize + ORDER;
        float h = (hi - lo) / gridSize;
        for (int i = 0; i < in; i++) {
            float s = (x[row * in + i] - lo) / h + ORDER;
            int base = (row * in + i) * count;
            float sum = 0.0f;
            for (int j = 0; j < count; j++) {
                sum += dBasis[base + j] * cubicDerivative(s - j);
            }
            float gradient = sum / h;
            dX[row * in + i] = accumulate != 0 ? dX[row * in + i] + gradient : gradient;
        }
    }

    /** SiLU x sigma(x), sigma in double and rounded, as the reference's float sigmoid. */
    public static void silu(int i, float[] x, float[] y) {
        float sigma = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        y[i] = x[i] * sigma;
    }

    /** {@code dX (+)= dY * sigma(x) (1 + x (1 - sigma(x)))}. */
    public static void siluBackward(int i, float[] x, float[] dY, int accumulate, float[] dX) {
        float sigma = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        float gradient = dY[i] * (sigma * (1.0f + x[i] * (1.0f - sigma)));
        dX[i] = accumulate != 0 ? dX[i] + gradient : gradient;
    }

    /** One row r of [rows, length]: {@code scaled[r][c] = weight[r][c] * scaler[r]}. */
    public static void scaleRow(int r, float[] weight, float[] scaler, int length, float[] scaled) {
        for (int c = 0; c < length; c++) {
            scaled[r * length + c] = weight[r * length + c] * scaler[r];
        }
    }

    /** One row's backward: {@code dWeight[r][c] = dScaled[r][c] scaler[r]}, {@code dScaler[r] = sum_c dScaled[r][c] weight[r][c]}. */
    public static void scaleRowBackward(int r, float[] dScaled, float[] weight, float[] scaler, int length, float[] dWeight,
            float[] dScaler) {
        float sum = 0.0f;
        for (int c = 0; c < length; c++) {
            dWeight[r * length + c] = dScaled[r * length + c] * scaler[r];
            sum += dScaled[r * length + c] * weight[r * length + c];
        }
        dScaler[r] = sum;
    }
}

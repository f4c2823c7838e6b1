package io.sl2a.kernels;

/**
 * The LA block's learnable activation: {@code a[o] = sum_i sum_k c[i,o,k] * T_k(tanh(x_i))}.
 *
 * <p>Coefficients are laid out as the reference's {@code cheby_coeffs} tensor, shape
 * {@code [in, out, degree+1]}: {@code c[(i*out + o)*(degree+1) + k]}. T_k is evaluated by the
 * recurrence T_0 = 1, T_1 = t, T_{k+1} = 2t T_k - T_{k-1}, which equals cos(k acos t) on [-1, 1]
 * without acos/cos and without a (batch x in x degree) tensor.
 */
public final class ChebyshevKernels {
    private ChebyshevKernels() {
    }

    /**
     * Writes T_0..T_degree of tanh(x_i) for every input dimension of one row:
     * {@code basis[basisRow*in*(degree+1) + i*(degree+1) + k]}, where {@code basisRow = row - firstRow}
     * so that a caller can fill a chunk of rows into a chunk-sized scratch buffer.
     */
    public static void basisRow(int row, int firstRow, float[] coords, int in, int degree, float[] basis) {
        int terms = degree + 1;
        int base = (row - firstRow) * in * terms;
        for (int i = 0; i < in; i++) {
            float t = (float) Math.tanh(coords[row * in + i]);
            int at = base + i * terms;
            float previous = 1.0f;
            float current = t;
            basis[at] = previous;
            if (degree >= 1) {
                basis[at + 1] = current;
            }
            for (int k = 2; k <= degree; k++) {
                float next = 2.0f * t * current - previous;
                basis[at + k] = next;
                previous = current;
                current = next;
            }
        }
    }

    /**
     * Forward pass of one row without a basis buffer: {@code out[row*outDim + o]} is overwritten with
     * the expansion. The reference body for devices that compute everything in one kernel.
     */
    public static void forwardRow(int row, float[] coords, float[] coeff, int in, int outDim, int degree, float[] out) {
        int terms = degree + 1;
        for (int o = 0; o < outDim; o++) {
            out[row * outDim + o] = 0.0f;
        }
        for (int i = 0; i < in; i++) {
            float t = (float) Math.tanh(coords[row * in + i]);
            float previous = 1.0f;
            float current = t;
            for (int k = 0; k <= degree; k++) {
                float value;
                if (k == 0) {
                    value = 1.0f;
                } else if (k == 1) {
                    value = t;
                } else {
                    value = 2.0f * t * current - previous;
                    previous = current;
                    current = value;
                }
                int coeffBase = i * outDim * terms + k;
                for (int o = 0; o < outDim; o++) {
                    out[row * outDim + o] += coeff[coeffBase + o * terms] * value;
                }
            }
        }
    }

    /**
     * Coefficient gradient for one (input, output) pair, all degrees:
     * {@code dCoeff[i,o,k] (+)= sum_rows dOut[row,o] * T_k(tanh(x[row,i]))}. Work-item index
     * {@code pair = i*outDim + o}. Accumulates when {@code accumulate} is non-zero.
     */
    public static void coeffGradPair(int pair, float[] coords, float[] dOut, int rows, int in, int outDim, int degree,
            float[] dCoeff, int accumulate) {
        int terms = degree + 1;
        int i = pair / outDim;
        int o = pair - i * outDim;
        int base = pair * terms;
        if (accumulate == 0) {
            for (int k = 0; k < terms; k++) {
                dCoeff[base + k] = 0.0f;
            }
        }
        for (int row = 0; row < rows; row++) {
            addScaledBasis(dOut[row * outDim + o], (float) Math.tanh(coords[row * in + i]), degree, dCoeff, base);
        }
    }

    /**
     * One slice of {@link #coeffGradPair}, for splitting its long sum over the rows (split-k): the
     * rows {@code [slice*perSlice, min(rows, (slice+1)*perSlice))}, {@code perSlice = ceil(rows /
     * slices)}, summed into {@code partial[(slice*pairs + pair)*terms + k]} (overwritten), where
     * {@code pairs = in*outDim}. Summing the slices' partials per coefficient gives the gradient.
     */
    public static void coeffGradSlice(int slice, int pair, int slices, float[] coords, float[] dOut, int rows, int in,
            int outDim, int degree, float[] partial) {
        int terms = degree + 1;
        int i = pair / outDim;
        int o = pair - i * outDim;
        int base = (slice * in * outDim + pair) * terms;
        for (int k = 0; k < terms; k++) {
            partial[base + k] = 0.0f;
        }
        int perSlice = (rows + slices - 1) / slices;
        int end = Math.min(rows, (slice + 1) * perSlice);
        for (int row = slice * perSlice; row < end; row++) {
            addScaledBasis(dOut[row * outDim + o], (float) Math.tanh(coords[row * in + i]), degree, partial, base);
        }
    }

    /**
     * Gradient with respect to the input coordinates of one row (for tasks that differentiate
     * through the coordinates): {@code dx_i = (1 - t^2) * sum_o dOut[o] * sum_k c[i,o,k] * k U_{k-1}(t)},
     * using T_k' = k U_{k-1} with U_0 = 1, U_1 = 2t, U_{k+1} = 2t U_k - U_{k-1}.
     */
    public static void inputGradRow(int row, float[] coords, float[] coeff, float[] dOut, int in, int outDim, int degree,
            float[] dCoords) {
        int terms = degree + 1;
        for (int i = 0; i < in; i++) {
            float t = (float) Math.tanh(coords[row * in + i]);
            float sum = 0.0f;
            float uPrevious = 0.0f;
            float uCurrent = 1.0f;
            for (int k = 1; k <= degree; k++) {
                // uCurrent holds U_{k-1} here.
                float derivative = k * uCurrent;
                int coeffBase = i * outDim * terms + k;
                float weighted = 0.0f;
                for (int o = 0; o < outDim; o++) {
                    weighted += dOut[row * outDim + o] * coeff[coeffBase + o * terms];
                }
                sum += weighted * derivative;
                float uNext = (k == 1) ? 2.0f * t : 2.0f * t * uCurrent - uPrevious;
                uPrevious = uCurrent;
                uCurrent = uNext;
            }
            dCoords[row * in + i] = sum * (1.0f - t * t);
        }
    }

    /**
     * The input gradient of one row from the output gradient already contracted with the
     * coefficients, {@code weighted[local][i][k] = sum_o dOut[row,o] c[i,o,k]} (rows of a chunk,
     * {@code local = row - firstRow}): {@code dCoords[row,i] = (1 - t^2) sum_k weighted[i][k] k U_(k-1)(t)},
     * t = tanh(coords[row,i]). The same as {@link #inputGradRow}, with the contraction done by a
     * matrix product.
     */
    public static void inputGradFromWeightedRow(int row, int firstRow, float[] coords, float[] weighted, int in, int degree,
            float[] dCoords) {
        int terms = degree + 1;
        int base = (row - firstRow) * in * terms;
        for (int i = 0; i < in; i++) {
            float t = (float) Math.tanh(coords[row * in + i]);
            float sum = 0.0f;
            float uPrevious = 0.0f;
            float uCurrent = 1.0f;
            for (int k = 1; k <= degree; k++) {
                sum += weighted[base + i * terms + k] * (k * uCurrent);
                float uNext = (k == 1) ? 2.0f * t : 2.0f * t * uCurrent - uPrevious;
                uPrevious = uCurrent;
                uCurrent = uNext;
            }
            dCoords[row * in + i] = sum * (1.0f - t * t);
        }
    }

    /**
     * One row of the per-dimension table of the grid path ({@link GridKernels}): for
     * {@code axisRow = i*axisLength + v}, {@code table[axisRow*outDim + o] = sum_k c[i,o,k] T_k(tanh(values[axisRow]))}.
     */
    public static void axisTableRow(int axisRow, float[] values, float[] coeff, int outDim, int degree, int axisLength,
            float[] table) {
        int terms = degree + 1;
        int i = axisRow / axisLength;
        int outBase = axisRow * outDim;
        float t = (float) Math.tanh(values[axisRow]);
        for (int o = 0; o < outDim; o++) {
            int coeffBase = (i * outDim + o) * terms;
            float previous = 1.0f;
            float current = t;
            float sum = coeff[coeffBase];
            if (degree >= 1) {
                sum += coeff[coeffBase + 1] * t;
            }
            for (int k = 2; k <= degree; k++) {
                float next = 2.0f * t * current - previous;
                sum += coeff[coeffBase + k] * next;
                previous = current;
                current = next;
            }
            table[outBase + o] = sum;
        }
    }

    /**
     * Coefficient gradient of the grid path for one (input, output) pair:
     * {@code dCoeff[i,o,k] = sum_v dTable[i][v][o] T_k(tanh(values[i][v]))}, {@code pair = i*outDim + o}.
     */
    public static void axisCoeffGradPair(int pair, float[] values, float[] dTable, int outDim, int degree, int axisLength,
            float[] dCoeff) {
        int terms = degree + 1;
        int i = pair / outDim;
        int o = pair - i * outDim;
        int base = pair * terms;
        for (int k = 0; k < terms; k++) {
            dCoeff[base + k] = 0.0f;
        }
        for (int v = 0; v < axisLength; v++) {
            int axisRow = i * axisLength + v;
            addScaledBasis(dTable[axisRow * outDim + o], (float) Math.tanh(values[axisRow]), degree, dCoeff, base);
        }
    }

    /** {@code dCoeff[base + k] += g * T_k(t)} for k = 0..degree, by the recurrence. */
    private static void addScaledBasis(float g, float t, int degree, float[] dCoeff, int base) {
        float previous = 1.0f;
        float current = t;
        dCoeff[base] += g;
        if (degree >= 1) {
            dCoeff[base + 1] += g * t;
        }
        for (int k = 2; k <= degree; k++) {
            float next = 2.0f * t * current - previous;
            dCoeff[base + k] += g * next;
            previous = current;
            current = next;
        }
    }
}

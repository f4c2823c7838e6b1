package io.sl2a.kernels;

/**
 * The LA block on grid coordinates. Its output is a sum of one function per input dimension,
 * {@code a[o] = sum_i f_io(x_i)}, so when every coordinate of dimension i is one of
 * {@code axisLength} values (the pixel columns or rows of an image), the functions can be
 * tabulated once per step, {@code table[i][v][o] = f_io(value[i][v])}, and each row gathers its
 * entries: a (rows x axisLength)-fold saving over expanding every row. The gradient runs the other
 * way: rows scatter their output gradient into the table, and the coefficient gradient is taken
 * from the table. Indices are held in float buffers (exact below 2^24).
 *
 * <p>Layouts: {@code values[i*axisLength + v]}, {@code table[(i*axisLength + v)*outDim + o]},
 * {@code index[row*in + i]}.
 */
public final class GridKernels {
    private GridKernels() {
    }

    /** {@code out[row, o] = sum_i table[i][index[row, i]][o]}. */
    public static void gatherSumRow(int row, float[] table, float[] index, int in, int outDim, int axisLength,
            float[] out) {
        int outBase = row * outDim;
        int first = ((int) index[row * in]) * outDim;
        for (int o = 0; o < outDim; o++) {
            out[outBase + o] = table[first + o];
        }
        for (int i = 1; i < in; i++) {
            int entry = (i * axisLength + (int) index[row * in + i]) * outDim;
            for (int o = 0; o < outDim; o++) {
                out[outBase + o] += table[entry + o];
            }
        }
    }

    /**
     * Scatter of the output gradient for one block of {@code blockWidth} output columns of one input
     * dimension: {@code dTable[i][v][o] = sum over rows with index[row,i] == v of dOut[row, o]}.
     * Work-item {@code item = i * blocks + block}; each item owns its table columns, so items never
     * write the same place.
     */
    public static void scatterSumBlock(int item, float[] dOut, float[] index, int rows, int in, int outDim,
            int axisLength, int blockWidth, float[] dTable) {
        int blocks = (outDim + blockWidth - 1) / blockWidth;
        int i = item / blocks;
        int from = (item - i * blocks) * blockWidth;
        int to = Math.min(outDim, from + blockWidth);
        for (int v = 0; v < axisLength; v++) {
            int entry = (i * axisLength + v) * outDim;
            for (int o = from; o < to; o++) {
                dTable[entry + o] = 0.0f;
            }
        }
        for (int row = 0; row < rows; row++) {
            int entry = (i * axisLength + (int) index[row * in + i]) * outDim;
            int source = row * outDim;
            for (int o = from; o < to; o++) {
                dTable[entry + o] += dOut[source + o];
            }
        }
    }
}

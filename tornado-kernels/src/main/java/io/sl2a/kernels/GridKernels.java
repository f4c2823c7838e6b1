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
     * First stage of the scatter of the output gradient: chunk {@code chunk} adds its rows
     * {@code [chunk*rowsPerChunk, min(rows, (chunk+1)*rowsPerChunk))} into its own table,
     * {@code partial[chunk*tableSize + (i*axisLength + index[row, i])*outDim + o] += dOut[row, o]},
     * so that chunks never write the same place and rows are read contiguously. The second stage,
     * {@link LinearKernels#reducePartials} over the chunks, gives
     * {@code dTable[i][v][o] = sum over rows with index[row, i] == v of dOut[row, o]}.
     */
    public static void scatterSumPartial(int chunk, int rowsPerChunk, int rows, float[] dOut, float[] index, int in,
            int outDim, int axisLength, float[] partial) {
        int tableSize = in * axisLength * outDim;
        int base = chunk * tableSize;
        for (int k = 0; k < tableSize; k++) {
            partial[base + k] = 0.0f;
        }
        int end = Math.min(rows, (chunk + 1) * rowsPerChunk);
        for (int row = chunk * rowsPerChunk; row < end; row++) {
            int source = row * outDim;
            for (int i = 0; i < in; i++) {
                int entry = base + (i * axisLength + (int) index[row * in + i]) * outDim;
                for (int o = 0; o < outDim; o++) {
                    partial[entry + o] += dOut[source + o];
                }
            }
        }
    }
}

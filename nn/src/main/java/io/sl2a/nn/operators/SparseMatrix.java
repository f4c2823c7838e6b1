package io.sl2a.nn.operators;

import java.util.Arrays;

/**
 * A sparse matrix in compressed rows (CSR): row r's entries are {@code values[e]} at column
 * {@code columnIndex[e]} for e in {@code [rowStart[r], rowStart[r+1])}. Built once on the host for
 * a measurement operator; its products with a matrix of channels are here for the host (tests,
 * metrics), and run on the device through {@code Op.SparseProduct}.
 */
public record SparseMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, float[] values) {
    /** Device programs hold indices in float buffers, exact below this. */
    public static final int MAX_INDEX = 1 << 24;

    public SparseMatrix {
        if (rows < 1 || columns < 1 || rowStart.length != rows + 1 || rowStart[0] != 0
                || columnIndex.length != values.length || rowStart[rows] != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays for a " + rows + " x " + columns + " matrix");
        }
    }

    public int entries() {
        return values.length;
    }

    /** {@code A x} for {@code x} of {@code columns} rows of {@code channels} interleaved values. */
    public float[] apply(float[] x, int channels) {
        if (x.length != columns * channels) {
            throw new IllegalArgumentException("vector of " + x.length + " values for " + columns + " x " + channels);
        }
        float[] y = new float[rows * channels];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                    sum += values[e] * (double) x[columnIndex[e] * channels + c];
                }
                y[r * channels + c] = (float) sum;
            }
        }
        return y;
    }

    /** The transpose, in CSR again: the adjoint's rows, so that it too is a gather with no atomic adds. */
    public SparseMatrix transpose() {
        int[] start = new int[columns + 1];
        for (int column : columnIndex) {
            start[column + 1]++;
        }
        for (int c = 0; c < columns; c++) {
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, columns);
        int[] index = new int[values.length];
        float[] transposed = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                int at = next[columnIndex[e]]++;
                index[at] = r;
                transposed[at] = values[e];
            }
        }
        return new SparseMatrix(columns, rows, start, index, transposed);
    }

    /** The row starts as a device buffer holds them; refuses a matrix whose indices a float cannot hold exactly. */
    public float[] rowStartAsFloats() {
        requireFloatIndices();
        float[] starts = new float[rowStart.length];
        for (int r = 0; r < starts.length; r++) {
            starts[r] = rowStart[r];
        }
        return starts;
    }

    public float[] columnIndexAsFloats() {
        requireFloatIndices();
        float[] index = new float[columnIndex.length];
        for (int e = 0; e < index.length; e++) {
            index[e] = columnIndex[e];
        }
        return index;
    }

    private void requireFloatIndices() {
        if (entries() > MAX_INDEX || columns > MAX_INDEX) {
            throw new IllegalArgumentException(String.format("the operator has %,d entries over %,d columns; a device"
                    + " program holds at most %,d (use a smaller image or fewer measurements)", entries(), columns,
                    MAX_INDEX));
        }
    }

    /** Rows appended in order; entries of one row on the same column are summed. */
    public static final class Builder {
        private final int columns;
        private int[] rowStart = new int[16];
        private int[] columnIndex = new int[64];
        private float[] values = new float[64];
        private int rows;
        private int entries;
        private final float[] pending;
        private final boolean[] present;
        private final int[] touched;
        private int touchedCount;

        public Builder(int columns) {
            this.columns = columns;
            this.pending = new float[columns];
            this.present = new boolean[columns];
            this.touched = new int[columns];
        }

        /** Adds {@code value} at {@code column} of the row being built. */
        public void add(int column, float value) {
            if (column < 0 || column >= columns) {
                throw new IndexOutOfBoundsException("column " + column + " of " + columns);
            }
            if (!present[column]) {
                present[column] = true;
                touched[touchedCount++] = column;
            }
            pending[column] += value;
        }

        /** Ends the row being built (its entries sorted by column). */
        public void endRow() {
            Arrays.sort(touched, 0, touchedCount);
            if (entries + touchedCount > values.length) {
                int capacity = Math.max(values.length * 2, entries + touchedCount);
                columnIndex = Arrays.copyOf(columnIndex, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            for (int t = 0; t < touchedCount; t++) {
                int column = touched[t];
                columnIndex[entries] = column;
                values[entries++] = pending[column];
                pending[column] = 0.0f;
                present[column] = false;
            }
            touchedCount = 0;
            if (rows + 2 > rowStart.length) {
                rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
            }
            rowStart[++rows] = entries;
        }

        public SparseMatrix build() {
            if (touchedCount != 0) {
                throw new IllegalStateException("the last row was not ended");
            }
            return new SparseMatrix(rows, columns, Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(columnIndex, entries),
                    Arrays.copyOf(values, entries));
        }
    }
}

package io.sl2a.nn.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The operators' limits, each at its boundary, and the builder past its initial capacities. */
class OperatorLimitsTest {
    private static void assertRenderingRefused(String message, int rays, int samples, float background) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VolumeRendering(rays, samples, background));
        assertEquals(message, e.getMessage());
    }

    @Test
    void volumeRenderingNeedsRaysSamplesAndAGreyBackground() {
        assertEquals(1, new VolumeRendering(1, 1, 0f).rows());
        assertEquals(15, new VolumeRendering(3, 5, 1f).rows());
        assertRenderingRefused("volume rendering needs rays and samples, got 0 and 1", 0, 1, 0.5f);
        assertRenderingRefused("volume rendering needs rays and samples, got 1 and 0", 1, 0, 0.5f);
        assertRenderingRefused("the background is a grey level in [0, 1], got -1.0E-6", 1, 1, -1e-6f);
        assertRenderingRefused("the background is a grey level in [0, 1], got 1.000001", 1, 1, 1.000001f);
        assertRenderingRefused("the background is a grey level in [0, 1], got NaN", 1, 1, Float.NaN);
        assertThrows(ArithmeticException.class, () -> new VolumeRendering(1 << 16, 1 << 16, 0f).rows());
    }

    @Test
    void indicesUpToTheLimitAreHeldAsFloats() {
        int limit = SparseMatrix.MAX_INDEX;
        SparseMatrix widest = new SparseMatrix(1, limit, new int[] {0, 1}, new int[] {limit - 1}, new float[] {2f});
        assertArrayEquals(new float[] {0f, 1f}, widest.rowStartAsFloats());
        assertArrayEquals(new float[] {limit - 1}, widest.columnIndexAsFloats());
        SparseMatrix wider = new SparseMatrix(1, limit + 1, new int[] {0, 0}, new int[0], new float[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wider::rowStartAsFloats);
        assertEquals(String.format("the operator has %,d entries over %,d columns; a device program holds at most %,d"
                + " (use a smaller image or fewer measurements)", 0, limit + 1, limit), e.getMessage());
        SparseMatrix fullest = new SparseMatrix(1, 1, new int[] {0, limit}, new int[limit], new float[limit]);
        assertEquals(2, fullest.rowStartAsFloats().length);
        SparseMatrix overfull = new SparseMatrix(1, 1, new int[] {0, limit + 1}, new int[limit + 1],
                new float[limit + 1]);
        assertThrows(IllegalArgumentException.class, overfull::columnIndexAsFloats);
    }

    @Test
    void theBuilderTakesColumnsZeroToColumnsMinusOne() {
        SparseMatrix.Builder builder = new SparseMatrix.Builder(4);
        builder.add(0, 1f);
        builder.add(3, 2f);
        for (int column : new int[] {-1, 4}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> builder.add(column, 1f));
            assertEquals("column " + column + " of 4", e.getMessage());
        }
        builder.endRow();
        SparseMatrix m = builder.build();
        assertArrayEquals(new int[] {0, 2}, m.rowStart());
        assertArrayEquals(new int[] {0, 3}, m.columnIndex());
        assertArrayEquals(new float[] {1f, 2f}, m.values());
    }

    @Test
    void theBuilderGrowsPastItsInitialRowsAndEntries() {
        // A first row of 150 entries (past the initial 64, and past twice that), then 40 rows of one.
        int columns = 200;
        SparseMatrix.Builder builder = new SparseMatrix.Builder(columns);
        for (int c = 149; c >= 0; c--) {
            builder.add(c, c + 0.5f);
        }
        builder.endRow();
        for (int r = 0; r < 40; r++) {
            builder.add(199 - r, -r);
            builder.endRow();
        }
        SparseMatrix m = builder.build();
        assertEquals(41, m.rows());
        assertEquals(190, m.entries());
        for (int c = 0; c < 150; c++) {
            assertEquals(c, m.columnIndex()[c]);
            assertEquals(c + 0.5f, m.values()[c]);
        }
        assertEquals(0, m.rowStart()[0]);
        for (int r = 0; r < 40; r++) {
            assertEquals(150 + r, m.rowStart()[r + 1]);
            assertEquals(199 - r, m.columnIndex()[150 + r]);
            assertEquals(-r, m.values()[150 + r]);
        }
        assertEquals(190, m.rowStart()[41]);
    }
}

package io.sl2a.nn.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseMatrixTest {
    static SparseMatrix random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SparseMatrix.Builder builder = new SparseMatrix.Builder(columns);
        for (int r = 0; r < rows; r++) {
            int count = random.nextInt(6);
            for (int k = 0; k < count; k++) {
                builder.add(random.nextInt(columns), (float) (random.nextDouble() * 2 - 1));
            }
            builder.endRow();
        }
        return builder.build();
    }

    @Test
    void theBuilderSumsEntriesOfOneRowOnTheSameColumnAndSortsThem() {
        SparseMatrix.Builder builder = new SparseMatrix.Builder(5);
        builder.add(3, 1.0f);
        builder.add(1, 2.0f);
        builder.add(3, 0.5f);
        builder.endRow();
        builder.endRow();
        builder.add(4, -1.0f);
        builder.add(4, 1.0f);
        builder.endRow();
        SparseMatrix m = builder.build();
        assertEquals(3, m.rows());
        assertArrayEquals(new int[] {0, 2, 2, 3}, m.rowStart());
        assertArrayEquals(new int[] {1, 3, 4}, m.columnIndex());
        assertArrayEquals(new float[] {2.0f, 1.5f, 0.0f}, m.values());
        assertArrayEquals(new float[] {2 * 10 + 1.5f * 30, 0, 0}, m.apply(new float[] {0, 10, 20, 30, 40}, 1));
    }

    @Test
    void theTransposeIsTheAdjoint() {
        SparseMatrix a = random(17, 11, 3);
        SparseMatrix t = a.transpose();
        assertEquals(11, t.rows());
        assertEquals(17, t.columns());
        SplittableRandom random = new SplittableRandom(4);
        int channels = 3;
        float[] x = new float[11 * channels];
        float[] y = new float[17 * channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble();
        }
        float[] ax = a.apply(x, channels);
        float[] aty = t.apply(y, channels);
        double left = 0;
        double right = 0;
        for (int i = 0; i < y.length; i++) {
            left += (double) ax[i] * y[i];
        }
        for (int i = 0; i < x.length; i++) {
            right += (double) x[i] * aty[i];
        }
        assertEquals(left, right, 1e-5 * Math.abs(left));
        SparseMatrix back = t.transpose();
        assertArrayEquals(a.rowStart(), back.rowStart());
        assertArrayEquals(a.columnIndex(), back.columnIndex());
        assertArrayEquals(a.values(), back.values());
    }

    @Test
    void indicesAFloatCannotHoldAreRefusedWithAReason() {
        SparseMatrix wide = new SparseMatrix(1, SparseMatrix.MAX_INDEX + 1, new int[] {0, 0}, new int[0], new float[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wide::columnIndexAsFloats);
        assertTrue(e.getMessage().contains("smaller image"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseMatrix(2, 3, new int[] {0, 1}, new int[1],
                new float[1]));
    }
}
